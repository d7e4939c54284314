import { condition, defineUpdate, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';

/** The baseline: a trivial workflow that takes Updates, to compare the app against raw Temporal. */
export const bumpUpdate = defineUpdate<number, [Record<string, unknown>]>('bump');

export async function rawCounter(): Promise<number> {
  let count = 0;
  let done = false;
  setHandler(bumpUpdate, (data) => {
    count += 1;
    if (data.done) done = true;
    return count;
  });
  await condition(() => done);
  return count;
}

export interface RawActivities {
  rawNotice(n: number): Promise<void>;
}
const { rawNotice } = proxyLocalActivities<RawActivities>({ startToCloseTimeout: '15 seconds' });

/**
 * The floor for a step: an Update that does the Temporal work a case's step does (since records-written-locally-2026-12:
 * one local activity inside the Update's own workflow task, its marker in the history, for the records write) and
 * nothing else; the activity does nothing, so the figure is Temporal's and the SDK's alone.
 */
export async function rawCase(): Promise<number> {
  let count = 0;
  setHandler(bumpUpdate, async () => {
    count += 1;
    await rawNotice(count);
    return count;
  });
  await condition(() => false);
  return count;
}

/**
 * The baseline for escalation lateness: sleeps until `dueAt` (epoch ms) and returns how late its timer fired, by the
 * workflow clock, exactly as a case records an escalation's time: the floor any deadline on this server can reach.
 */
export async function rawTimer(dueAt: number): Promise<number> {
  await sleep(Math.max(0, dueAt - Date.now()));
  return Date.now() - dueAt;
}
