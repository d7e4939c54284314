import { proxyActivities, workflowInfo } from '@temporalio/workflow';

/** What the schedule of one recurring obligation starts its workflow with. */
export interface RecurringReminderInput {
  site: string;
  procedure: string;
  /** The obligation's id in the policy, e.g. yearly_drill. */
  obligation: string;
  to: string[];
  channels: string[];
}

export interface RemindActivities {
  remindRecurring(input: RecurringReminderInput & { key: string; at: string }): Promise<{ delivered: string[] }>;
}

// Like escalations: a channel that is down delays the reminder, never loses it.
const { remindRecurring } = proxyActivities<RemindActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * One occurrence of a recurring obligation (e.g. the yearly perimeter drill), started by its site's Temporal
 * Schedule. The schedule gives each occurrence its own workflow id, which keys the delivery: a retried activity, or a
 * second worker, never reminds twice for the same occurrence.
 */
export async function recurringReminder(input: RecurringReminderInput): Promise<{ delivered: string[] }> {
  const info = workflowInfo();
  return remindRecurring({ ...input, key: info.workflowId, at: info.startTime.toISOString() });
}

/** Schedule id of one obligation at one site. */
export const recurringScheduleId = (site: string, procedure: string, obligation: string) =>
  `recurring:${site}:${procedure}:${obligation}`;
