import { z } from 'zod';
import { CalendarConfigSchema, DeadlineSpecSchema, type CalendarConfig } from '../calendar';
import { RoleIdSchema } from './contract';

/**
 * Where an escalation is delivered; every rung lands in the in-app inbox at least. Besides e-mail and the signed
 * webhook: the site's WeCom, DingTalk and Feishu group robots and SMS to the people holding the role (issue 21), each
 * set up per site in config/channels.yaml. Adding a channel here changes no command a workflow issues.
 */
export const ChannelSchema = z.enum(['in_app', 'email', 'webhook', 'wecom', 'dingtalk', 'feishu', 'sms']);
export type Channel = z.infer<typeof ChannelSchema>;

/** One rung of an escalation ladder: who is told, how long after the deadline, through what. */
export const RungSchema = z.object({
  role: RoleIdSchema,
  after: DeadlineSpecSchema.default('PT0S').describe('Time after the deadline at which this rung fires'),
  channels: z.array(ChannelSchema).min(1).default(['in_app']),
});
export type Rung = z.infer<typeof RungSchema>;

/** A reminder before a deadline falls due, to the roles the case is waiting for: at a fraction of the time allowed. */
export const ReminderSchema = z.object({
  at: z.number().gt(0).lt(1).describe('Fraction of the deadline, e.g. 0.8 reminds at 80 % of the time allowed'),
  channels: z.array(ChannelSchema).min(1).default(['in_app']),
});
export type Reminder = z.infer<typeof ReminderSchema>;

/**
 * An obligation that recurs by the calendar of a site rather than within a case (e.g. the perimeter plan's yearly
 * drill, 四.3): a Temporal Schedule per site reminds the roles on that day. Month and day give a yearly reminder,
 * day alone a monthly one, neither a daily one; times are the site's.
 */
export const RecurringSchema = z.object({
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
  hour: z.number().int().min(0).max(23).default(9),
  minute: z.number().int().min(0).max(59).default(0),
  to: z.array(RoleIdSchema).min(1).describe('Roles reminded'),
  channels: z.array(ChannelSchema).min(1).default(['in_app']),
});
export type Recurring = z.infer<typeof RecurringSchema>;

/**
 * How a notice of a step (a procedure's `inform` action, e.g. theft confirmed → squad leader) is delivered: by default
 * in-app only; a site may name other channels per notice (issue 21 point 4).
 */
export const NoticeSchema = z.object({
  channels: z.array(ChannelSchema).min(1).default(['in_app']),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** A procedure's deadlines, ladders and thresholds; the procedure folder gives defaults, a site may override any. */
export const ProcedurePolicySchema = z.object({
  deadlines: z.record(z.string(), DeadlineSpecSchema),
  ladders: z.record(z.string(), z.array(RungSchema).min(1)),
  thresholds: z.record(z.string(), z.number()).default({}),
  reminders: z.record(z.string(), ReminderSchema).default({}).describe('Pre-breach reminders by deadline id'),
  ackStopsLadder: z.boolean().default(false).describe('An acknowledged rung stops the rungs after it'),
  recurring: z.record(z.string(), RecurringSchema).default({}).describe('Reminders by the calendar, e.g. yearly_drill'),
  notices: z
    .record(z.string(), NoticeSchema)
    .default({})
    .describe('Channels of the notices of steps by what they are about (the inform action’s `about`)'),
});
export type ProcedurePolicy = z.infer<typeof ProcedurePolicySchema>;
export type ProcedurePolicyInput = z.input<typeof ProcedurePolicySchema>;

/** The policy in force for one case: copied into the case when it starts, so later edits apply to new cases only. */
// Recurring reminders belong to the site, not to a case: a case's copy of the policy leaves them out.
// Notices only where some are set: the policy of a case whose site names none is as it was before notices existed.
export const CasePolicySchema = ProcedurePolicySchema.omit({ recurring: true, notices: true }).extend({
  calendar: CalendarConfigSchema,
  notices: z.record(z.string(), NoticeSchema).optional(),
});
export type CasePolicy = z.infer<typeof CasePolicySchema>;

/** A site's policy file: its calendar and, per procedure, the values that differ from the procedure's defaults. */
export const SitePolicySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'site id: lowercase letters, digits and dashes'),
  name: z.string().min(1),
  kind: z.enum(['mall', 'supermarket', 'residential', 'car-dealer', 'decoration', 'manufacturer']),
  runs: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Ids of the procedures the site runs (issue 19); absent: every registered procedure'),
  calendar: CalendarConfigSchema.default(CalendarConfigSchema.parse({})),
  procedures: z
    .record(
      z.string(),
      z.strictObject({
        deadlines: z.record(z.string(), DeadlineSpecSchema).optional(),
        ladders: z.record(z.string(), z.array(RungSchema).min(1)).optional(),
        thresholds: z.record(z.string(), z.number()).optional(),
        reminders: z.record(z.string(), ReminderSchema).optional(),
        ackStopsLadder: z.boolean().optional(),
        notices: z.record(z.string(), NoticeSchema).optional(),
        recurring: z.record(z.string(), RecurringSchema.nullable()).optional().describe('null turns one off'),
        fieldGroups: z
          .record(z.string(), z.boolean())
          .optional()
          .describe(
            'Optional groups of fields (a field’s x-fieldGroup in the procedure’s schemas, e.g. building) and whether this site uses them; a group not named is used',
          ),
        recordsRetentionYears: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('Years a closed case is kept in the records after it closed (npm run records:purge); absent: kept'),
      }),
    )
    .default({}),
});
export type SitePolicy = z.infer<typeof SitePolicySchema>;

/**
 * Whether `site` runs the procedure `procedureId`: a site without a `runs` list runs every procedure (issue 19), one
 * with a list only those it names. A procedure a site does not run opens no cases there and sends no recurring
 * reminders there.
 */
export function siteRuns(site: Pick<SitePolicy, 'runs'>, procedureId: string): boolean {
  return !site.runs || site.runs.includes(procedureId);
}

/**
 * The policy in force for a new case of `procedure` at `site`: the procedure's defaults, then the site's overrides.
 * `startedAt` (epoch ms, the case's start) narrows the site's holiday table to the case's horizon — the start year and
 * the next (issue 15: what a case's deadlines depend on is fixed in the case when it starts); without it the whole
 * table is copied.
 */
export function casePolicyFor(
  procedure: { id: string; policy: ProcedurePolicyInput },
  site?: SitePolicy,
  startedAt?: number,
): CasePolicy {
  const base = ProcedurePolicySchema.parse(procedure.policy);
  const own = site?.procedures[procedure.id] ?? {};
  return {
    deadlines: { ...base.deadlines, ...own.deadlines },
    ladders: { ...base.ladders, ...own.ladders },
    thresholds: { ...base.thresholds, ...own.thresholds },
    reminders: { ...base.reminders, ...own.reminders },
    ackStopsLadder: own.ackStopsLadder ?? base.ackStopsLadder,
    // Only when a notice is set: a case's policy stays as before where no site names channels for its notices.
    ...(Object.keys({ ...base.notices, ...own.notices }).length
      ? { notices: { ...base.notices, ...own.notices } }
      : {}),
    calendar: site ? calendarForCase(site.calendar, startedAt) : CalendarConfigSchema.parse({}),
  };
}

const DAY_MS = 86_400_000;

/** The site calendar as a case started at `startedAt` carries it: its holiday table cut to that year and the next. */
function calendarForCase(calendar: CalendarConfig, startedAt?: number): CalendarConfig {
  const table = calendar.holidayTable;
  if (!table || startedAt === undefined) return calendar;
  // A day's margin each side keeps the start's local year in whatever zone the site is.
  const from = new Date(startedAt - DAY_MS).getUTCFullYear();
  const to = new Date(startedAt + DAY_MS).getUTCFullYear() + 1;
  const within = (key: string) => {
    const y = Number(key.slice(0, 4));
    return y >= from && y <= to;
  };
  return {
    ...calendar,
    holidayTable: {
      years: table.years.filter((y) => y >= from && y <= to),
      off: table.off.filter(within),
      on: table.on.filter(within),
    },
  };
}

/** The recurring reminders of `procedure` at `site`: the procedure's defaults, changed or turned off (null) by the site. */
export function recurringFor(
  procedure: { id: string; policy: ProcedurePolicyInput },
  site: SitePolicy,
): Record<string, Recurring> {
  if (!siteRuns(site, procedure.id)) return {};
  const base = ProcedurePolicySchema.parse(procedure.policy).recurring;
  const merged: Record<string, Recurring | null> = { ...base, ...site.procedures[procedure.id]?.recurring };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, Recurring] => e[1] !== null));
}

/** The optional field groups (see `fieldGroup` in field-meta.ts) the site's policy turns off for `procedure`. */
export function unusedFieldGroups(procedure: { id: string }, site: SitePolicy): string[] {
  const groups = site.procedures[procedure.id]?.fieldGroups ?? {};
  return Object.entries(groups)
    .filter(([, used]) => !used)
    .map(([group]) => group);
}
