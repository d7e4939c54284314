/** Tiny workflows for the server smoke tests and capability probes (bundled by the tests in this folder). */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type Duration } from '@temporalio/common';
import { caseSearchAttributes } from '../../workflows/engine/search-attributes';

/** Sleeps for `duration` (a durable timer), then returns how long it slept in workflow time (ms). */
export async function sleeper(duration: Duration): Promise<number> {
  const started = Date.now();
  await sleep(duration);
  return Date.now() - started;
}

export const addUpdate = defineUpdate<number, [number]>('add');
export const addSignal = defineSignal<[number]>('addSignal');
export const finishSignal = defineSignal('finish');
export const totalQuery = defineQuery<number>('total');

/** A counter driven by an update (validator rejects negatives) and signals; returns the total when finished. */
export async function counter(initial: number): Promise<number> {
  let total = initial;
  let finished = false;
  setHandler(
    addUpdate,
    (n) => {
      total += n;
      return total;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error(`negative: ${n}`);
      },
    },
  );
  setHandler(addSignal, (n) => {
    total += n;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(totalQuery, () => total);
  await condition(() => finished);
  return total;
}

export type UpsertMode = 'registered' | 'unregistered';

/**
 * Upserts the engine's case search attributes (`registered`) or an attribute no server knows (`unregistered`),
 * then returns the workflow's own view of its typed search attributes as JSON.
 */
export async function upserter(mode: UpsertMode): Promise<string> {
  if (mode === 'registered') {
    upsertSearchAttributes([
      { key: caseSearchAttributes.procedure, value: 'probe' },
      { key: caseSearchAttributes.state, value: 'open' },
      { key: caseSearchAttributes.nextDueAt, value: new Date('2030-01-01T00:00:00Z') },
      { key: caseSearchAttributes.awaitingRoles, value: ['qa', 'ops'] },
      { key: caseSearchAttributes.escalationLevel, value: 2 },
      { key: caseSearchAttributes.drill, value: false },
      { key: caseSearchAttributes.text, value: 'free text' },
    ]);
  } else {
    upsertSearchAttributes([
      { key: defineSearchAttributeKey('ProbeNotRegistered', SearchAttributeType.KEYWORD), value: 'x' },
    ]);
  }
  await sleep('1 second');
  return JSON.stringify(
    workflowInfo()
      .typedSearchAttributes.getAll()
      .map((pair) => [pair.key.name, pair.value]),
  );
}
