import type {
  CaseView,
  StepRecord,
  DocumentContext,
  DocumentSpec,
  PrintableDocument,
  PrintableSection,
} from '../../engine';
import { searchItems, type ReportKind } from './events';
import type { PerimeterContext } from './machine';
import type { PerimeterContextV2 } from './machine-v2';

/** A case's context as either version keeps it: version 2's fields are absent from a version 1 case. */
type AnyPerimeterContext = PerimeterContext | PerimeterContextV2;

/**
 * The two documents of step 16–17 (procedures.md §2): the incident report 事故报告 written by the commander, and the
 * incident investigation form 突发事件调查表 filled by customer service. Both are built only from what the case
 * recorded; a case still open prints as a draft.
 */

const yesNo = (ctx: DocumentContext, v: boolean | null | undefined) =>
  v === null || v === undefined ? '—' : ctx.t(v ? 'documents.yes' : 'documents.no');

const valueOf = (ctx: DocumentContext, v: string | undefined) => (v ? ctx.t(`values.${v}`) : '—');

/** The written text of a report step, with who filed it and when. */
function filed(view: CaseView, kind: ReportKind): StepRecord | undefined {
  return view.history.find((h) => h.type === 'report_filed' && h.data.report === kind);
}

function header(view: CaseView, ctx: DocumentContext, titleKey: string): Omit<PrintableDocument, 'sections'> {
  return {
    title: ctx.t(titleKey),
    subtitle: `${view.number} · ${ctx.siteName}${view.drill ? ` · ${ctx.t('documents.drill')}` : ''}`,
    draft: view.status === 'open' ? ctx.t('documents.draft') : undefined,
  };
}

function police(c: AnyPerimeterContext, ctx: DocumentContext): PrintableSection {
  const p = c.police;
  // Version 2: the case number may have been added after the police left; the police may not have come.
  const caseNumber = ('policeCaseNumber' in c ? c.policeCaseNumber : null) ?? p?.policeCaseNumber ?? '—';
  const absent = 'policeNotComing' in c ? c.policeNotComing : null;
  if (!p && absent)
    return {
      heading: ctx.t('documents.police'),
      fields: [
        { label: ctx.t('documents.policeNotComing'), value: valueOf(ctx, absent.reason) },
        { label: ctx.t('fields.policeCaseNumber'), value: caseNumber },
      ],
    };
  return {
    heading: ctx.t('documents.police'),
    fields: p
      ? [
          { label: ctx.t('fields.officerName'), value: p.officerName },
          { label: ctx.t('fields.badgeNumber'), value: p.badgeNumber },
          { label: ctx.t('fields.policeCaseNumber'), value: caseNumber },
          { label: ctx.t('fields.ledInByGateGuard'), value: yesNo(ctx, p.ledInByGateGuard) },
          { label: ctx.t('fields.cctvProvided'), value: yesNo(ctx, p.cctvProvided) },
        ]
      : [{ label: ctx.t('documents.policeCalled'), value: ctx.t('documents.no') }],
  };
}

function outcomeFields(c: AnyPerimeterContext, ctx: DocumentContext) {
  const o = c.outcome;
  const fields = [{ label: ctx.t('fields.outcome'), value: valueOf(ctx, o?.outcome) }];
  // Version 1 keeps the resident's answers in the outcome, version 2 in customer service's step (七.11.2–3).
  const resident = 'resident' in c ? c.resident : o?.outcome === 'theft_thief_not_caught' && 'loss' in o ? o : null;
  if (o?.outcome === 'theft_thief_not_caught' && resident) {
    fields.push(
      { label: ctx.t('fields.loss'), value: resident.loss ?? '—' },
      { label: ctx.t('fields.residentConfirmedLoss'), value: yesNo(ctx, resident.residentConfirmedLoss) },
      { label: ctx.t('fields.residentConsentsToPolice'), value: yesNo(ctx, resident.residentConsentsToPolice) },
    );
  }
  if (o?.outcome === 'thief_caught') fields.push({ label: ctx.t('fields.facts'), value: o.facts });
  return fields;
}

const incidentReport: DocumentSpec = {
  build(view, ctx) {
    const c = view.context as unknown as AnyPerimeterContext;
    const v = c.verdict;
    // Version 2 names the commander from the staff records (and a later one who took over); version 1 as typed.
    const commander =
      'commander' in c && c.commander
        ? `${c.commander.name}(${ctx.role(c.commander.role)})`
        : v?.verdict === 'intrusion' && typeof v.commander === 'object'
          ? `${v.commander.name}(${v.commander.role})`
          : '—';
    const report = filed(view, 'incident_report');
    const management = filed(view, 'senior_management');
    const minutes = (from: number, to: number | null) =>
      to === null ? '—' : `${Math.round((to - from) / 6000) / 10} ${ctx.t('documents.minutes')}`;
    return {
      ...header(view, ctx, 'documents.incidentReport'),
      sections: [
        {
          heading: ctx.t('documents.basics'),
          fields: [
            { label: ctx.t('fields.zone'), value: c.zone },
            { label: ctx.t('fields.source'), value: valueOf(ctx, c.source) },
            { label: ctx.t('documents.alarmAt'), value: ctx.time(c.alarmAt) },
            { label: ctx.t('fields.patrol'), value: c.patrol.join('、') || '—' },
            { label: ctx.t('documents.arrivedAt'), value: ctx.time(c.arrivedAt) },
            { label: ctx.t('documents.responseTime'), value: minutes(c.alarmAt, c.arrivedAt) },
            { label: ctx.t('fields.climbingSeen'), value: yesNo(ctx, c.climbingSeen) },
            { label: ctx.t('fields.verdict'), value: valueOf(ctx, v?.verdict) },
            ...(v?.verdict === 'intrusion' ? [{ label: ctx.t('fields.commander'), value: commander }] : []),
            ...(v?.verdict === 'false_alarm' ? [{ label: ctx.t('fields.cause'), value: valueOf(ctx, v.cause) }] : []),
            ...outcomeFields(c, ctx),
          ],
        },
        {
          heading: ctx.t('documents.search'),
          table: {
            columns: [ctx.t('fields.item'), ctx.t('documents.by'), ctx.t('documents.at')],
            rows: searchItems.map((item) => {
              const done = c.checklist[item];
              return [ctx.t(`values.${item}`), done ? `${done.by}(${ctx.role(done.role)})` : '—', ctx.time(done?.at)];
            }),
          },
        },
        police(c, ctx),
        {
          heading: ctx.t('documents.deadlines'),
          table: {
            columns: [ctx.t('documents.deadline'), ctx.t('documents.dueAt'), ctx.t('documents.outcome')],
            rows: view.deadlines.map((d) => [
              ctx.t(`timers.${d.timer}`),
              ctx.time(d.dueAt),
              ctx.t(`documents.${d.outcome}`),
            ]),
          },
        },
        {
          heading: ctx.t('documents.escalations'),
          table: {
            columns: [
              ctx.t('documents.deadline'),
              ctx.t('documents.toldRole'),
              ctx.t('documents.at'),
              ctx.t('documents.acked'),
            ],
            rows: view.escalations.map((e) => [
              ctx.t(`timers.${e.timer}`),
              ctx.role(e.to),
              ctx.time(e.at),
              e.ackedBy ? `${e.ackedByName ?? e.ackedBy} ${ctx.time(e.ackedAt)}` : ctx.t('documents.no'),
            ]),
          },
        },
        {
          heading: ctx.t('documents.timeline'),
          table: {
            columns: [ctx.t('documents.at'), ctx.t('documents.step'), ctx.t('documents.by')],
            rows: view.history.map((h) => [
              ctx.time(h.at),
              ctx.t(`events.${h.type}`),
              `${h.actor.name}(${ctx.role(h.role)})`,
            ]),
          },
        },
        { heading: ctx.t('values.senior_management'), text: signed(management, ctx) },
        { heading: ctx.t('values.incident_report'), text: signed(report, ctx) },
      ],
    };
  },
};

function signed(step: StepRecord | undefined, ctx: DocumentContext): string {
  if (!step) return ctx.t('documents.notYetFiled');
  return `${String(step.data.summary)}\n\n${step.actor.name}(${ctx.role(step.role)}) ${ctx.time(step.at)}`;
}

const investigationForm: DocumentSpec = {
  build(view, ctx) {
    const c = view.context as unknown as AnyPerimeterContext;
    const form = filed(view, 'investigation_form');
    return {
      ...header(view, ctx, 'documents.investigationForm'),
      sections: [
        {
          heading: ctx.t('documents.event'),
          fields: [
            { label: ctx.t('documents.caseNumber'), value: view.number },
            { label: ctx.t('documents.kind'), value: ctx.t('name') },
            { label: ctx.t('documents.alarmAt'), value: ctx.time(c.alarmAt) },
            { label: ctx.t('documents.place'), value: `${ctx.siteName} / ${c.zone}` },
            { label: ctx.t('fields.source'), value: valueOf(ctx, c.source) },
            { label: ctx.t('fields.verdict'), value: valueOf(ctx, c.verdict?.verdict) },
            ...outcomeFields(c, ctx),
          ],
        },
        police(c, ctx),
        { heading: ctx.t('documents.findings'), text: signed(form, ctx) },
      ],
    };
  },
};

export const documents: Record<string, DocumentSpec> = {
  'incident-report': incidentReport,
  'investigation-form': investigationForm,
};
