import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

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
