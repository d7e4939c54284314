import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

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

/**
 * The baseline for escalation lateness: sleeps until `dueAt` (epoch ms) and returns how late its timer fired, by the
 * workflow clock, exactly as a case records an escalation's time: the floor any deadline on this server can reach.
 */
export async function rawTimer(dueAt: number): Promise<number> {
  await sleep(Math.max(0, dueAt - Date.now()));
  return Date.now() - dueAt;
}
