import {
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type Client,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import { TASK_QUEUE } from '../config';
import {
  type ProcedureDefinition,
  recurringFor,
  type Recurring,
  type SitePolicy,
  recurringScheduleId,
  type RecurringReminderInput,
} from '../workflows/engine';
import { newestProcedures } from '../workflows/procedures';

const PREFIX = 'recurring:';

/** The calendar of a recurring obligation in the site's zone: yearly with month and day, monthly with a day, else daily. */
export function specOf(r: Recurring, zone: string): ScheduleSpec {
  const calendar: CalendarSpec = {
    hour: r.hour,
    minute: r.minute,
    ...(r.day !== undefined ? { dayOfMonth: r.day } : {}),
    ...(r.month !== undefined ? { month: MONTHS[r.month - 1]! } : {}),
  };
  return { calendars: [calendar], timezone: zone };
}

function actionOf(input: RecurringReminderInput, id: string, taskQueue: string): ScheduleOptionsAction {
  return { type: 'startWorkflow', workflowType: 'recurringReminder', workflowId: id, taskQueue, args: [input] };
}

export interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Makes the server's Schedules match the recurring obligations of every site's policy (the worker calls this at
 * start): creates the missing, updates the changed, deletes those no policy asks for any more. Temporal, not this
 * process, keeps the time, so a reminder comes even if no app process is up between now and then.
 */
export async function syncRecurringSchedules(
  client: Client,
  sites: Iterable<SitePolicy>,
  taskQueue = TASK_QUEUE,
  defs: readonly ProcedureDefinition[] = newestProcedures(),
): Promise<SyncResult> {
  const wanted = new Map<string, { spec: ScheduleSpec; input: RecurringReminderInput }>();
  for (const site of sites) {
    for (const def of defs) {
      for (const [obligation, r] of Object.entries(recurringFor(def, site))) {
        const input = { site: site.id, procedure: def.id, obligation, to: r.to, channels: r.channels };
        wanted.set(recurringScheduleId(site.id, def.id, obligation), { spec: specOf(r, site.calendar.zone), input });
      }
    }
  }
  const existing = new Set<string>();
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(PREFIX)) existing.add(s.scheduleId);

  const result: SyncResult = { created: [], updated: [], deleted: [] };
  for (const [id, { spec, input }] of wanted) {
    const action = actionOf(input, id, taskQueue);
    if (existing.has(id)) {
      await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action }));
      result.updated.push(id);
      continue;
    }
    try {
      await client.schedule.create({
        scheduleId: id,
        spec,
        action,
        // One reminder at a time; one missed while the server was down is still sent within a day.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        memo: { purpose: `recurring reminder ${input.obligation} of ${input.procedure} at ${input.site}` },
      });
      result.created.push(id);
    } catch (err) {
      // Listing is eventually consistent: a schedule made moments ago may not be listed yet.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action }));
      result.updated.push(id);
    }
  }
  for (const id of existing) {
    if (wanted.has(id)) continue;
    await client.schedule
      .getHandle(id)
      .delete()
      .catch((err) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
    result.deleted.push(id);
  }
  return result;
}
