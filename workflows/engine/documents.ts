import type { CaseView } from './contract';
import type { Messages } from './definition';

/**
 * Printable documents of a procedure (e.g. the perimeter incident report 事故报告): a procedure builds the content
 * from a case's recorded view as plain data; the API lays it out as a PDF. Builders are pure, so they may live in the
 * procedure's folder beside its machine.
 */

export interface PrintableField {
  label: string;
  value: string;
}

export interface PrintableSection {
  heading: string;
  /** Label–value rows, printed as a two-column form. */
  fields?: PrintableField[];
  /** A table, e.g. the timeline. */
  table?: { columns: string[]; rows: string[][] };
  /** Free text, e.g. a written summary. */
  text?: string;
}

export interface PrintableDocument {
  title: string;
  /** Printed under the title, e.g. the case number and site. */
  subtitle: string;
  /** Printed in the header when the case is still open: the document is a draft. */
  draft?: string;
  sections: PrintableSection[];
}

/** What a builder gets besides the case: the caller's language, strings and time format. */
export interface DocumentContext {
  lang: 'zh-CN' | 'en';
  /** The procedure's own strings in the caller's language. */
  messages: Messages;
  /** Looks up a dotted key of the procedure's strings; the key itself when missing. */
  t(key: string): string;
  /** The case's site as people call it, e.g. 城市花园. */
  siteName: string;
  /** A role's name in the caller's language. */
  role(id: string): string;
  /** An ISO time written in the site's zone and the caller's language. */
  time(iso: string | number | null | undefined): string;
}

export interface DocumentSpec {
  /** Builds the document from what the case recorded. */
  build(view: CaseView, ctx: DocumentContext): PrintableDocument;
}
