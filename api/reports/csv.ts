import { stringify } from 'csv-stringify/sync';
import type { Messages, ProcedureDefinition } from '../../workflows/engine';

/** The languages the reports' CSV speaks. */
export type CsvLang = 'zh-CN' | 'en';

/** A cell of a report's CSV: text, or a number written as such. */
export type CsvCell = string | number;

/** Byte order mark: without it Excel reads a UTF-8 file as the system's code page and shows Chinese as mojibake. */
const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) with a
 * leading apostrophe, so Excel and LibreOffice show it as text (OWASP "CSV injection"). Numbers are left alone: a
 * negative amount is a number, not a formula.
 */
export function safeCell(value: CsvCell): CsvCell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A report as CSV that Excel opens correctly with Chinese: a UTF-8 BOM, then the header line and one line per row
 * (RFC 4180 quoting by csv-stringify, \n line ends), every text cell made formula-safe by {@link safeCell}.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return BOM + stringify([header, ...rows].map((row) => row.map(safeCell)));
}

/** The column headings of the reports' CSV in each language, as the reports page heads its columns. */
export const CSV_HEADINGS = {
  'zh-CN': {
    site: '场所',
    procedure: '流程',
    timer: '时限',
    cases: '案件数',
    overdue: '超时',
    escalations: '升级次数',
    acknowledged: '已确认',
    late: '超时完成',
    missed: '未完成',
    number: '案件编号',
    account: '责任部门',
    amount: '金额（元）',
    reason: '原因',
    at: '时间',
  },
  en: {
    site: 'Site',
    procedure: 'Procedure',
    timer: 'Deadline',
    cases: 'Cases',
    overdue: 'Overdue',
    escalations: 'Escalations',
    acknowledged: 'Acknowledged',
    late: 'Done late',
    missed: 'Never done',
    number: 'Case number',
    account: 'Department',
    amount: 'Amount (CNY)',
    reason: 'Reason',
    at: 'Time',
  },
} as const satisfies Record<CsvLang, Record<string, string>>;

/** How a report's ids read in words: site, procedure, timer, a ledger's account and reason. */
export interface CsvWords {
  lang: CsvLang;
  site(id: string): string;
  procedure(id: string): string;
  timer(procedure: string, id: string): string;
  /** An enum value (a department, a reason) by the procedure's label for it. */
  value(procedure: string, id: string): string;
  /** A ledger reason: a value's label, or `rule N: value` as 第 N 条：label / rule N: label. */
  reason(procedure: string, reason: string): string;
}

function textOf(messages: Messages | undefined, ...path: string[]): string | undefined {
  let at: string | Messages | undefined = messages;
  for (const key of path) at = typeof at === 'object' ? at[key] : undefined;
  return typeof at === 'string' ? at : undefined;
}

/**
 * The words of {@link CsvWords} in `lang`: sites by `siteName` (the configured name; the id when unknown),
 * procedures, timers and values by the procedure's own strings (`procedureOf` gives its newest definition, or
 * undefined for an unknown id, which is then written as it is).
 */
export function csvWords(
  lang: CsvLang,
  siteName: (id: string) => string | undefined,
  procedureOf: (id: string) => Pick<ProcedureDefinition, 'i18n'> | undefined,
): CsvWords {
  const messages = (procedure: string) => procedureOf(procedure)?.i18n[lang];
  const value = (procedure: string, id: string) => textOf(messages(procedure), 'values', id) ?? id;
  return {
    lang,
    site: (id) => siteName(id) ?? id,
    procedure: (id) => textOf(messages(id), 'name') ?? id,
    timer: (procedure, id) => textOf(messages(procedure), 'timers', id) ?? id,
    value,
    reason(procedure, reason) {
      const ruled = /^rule (\d+): (\w+)$/.exec(reason);
      if (!ruled) return value(procedure, reason);
      const said = value(procedure, ruled[2]!);
      if (said !== ruled[2]) return said;
      return lang === 'zh-CN' ? `第 ${ruled[1]} 条：${said}` : `rule ${ruled[1]}: ${said}`;
    },
  };
}
