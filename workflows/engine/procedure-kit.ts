import { assertEvent, type EventObject, type ExtractEvent } from 'xstate';
import type { z } from 'zod';
import type { EventSpec, StepEvent } from './definition';

/**
 * The small toolkit every procedure's machine uses, so that none restates it:
 *
 * - {@link StepEventsOf}: the machine's event union, derived from the zod schemas of its `events` record (events.ts),
 *   so the schemas are the one source of each step's data type.
 * - {@link Done} / {@link done}: the "who and when" stamp every recorded step carries.
 * - {@link Recorded} / {@link recorded}: a step's data as the machine keeps it, stamped.
 * - {@link eventOf}: XState's `assertEvent` that hands back the narrowed event, for use inside an expression.
 * - {@link isProbe}: whether an event is the engine's probe (it lists what a case accepts before any data exists).
 *
 * Narrow an event in an action or guard with `assertEvent(event, 'patrol_arrived')` (or `eventOf`), never with a cast:
 * a wrong event then fails loudly instead of reading fields it does not have.
 */

/** Who did a step (their user id), in what role, and when (workflow time, epoch ms). */
export type Done = { by: string; role: string; at: number };

/**
 * The stamp of a step event: `{ by: actor.id, role: actor.role, at }`.
 * @param event a step event (as the engine sends it; `at` in epoch ms)
 */
export const done = (event: { actor: { id: string; role: string }; at: number }): Done => ({
  by: event.actor.id,
  role: event.actor.role,
  at: event.at,
});

/** A step's data as the machine keeps it: what its schema outputs, plus the stamp. */
export type Recorded<S extends z.ZodType> = z.output<S> & Done;

/**
 * A step's data with who recorded it and when: `{ ...event.data, by, role, at }` (the stamp's keys last, so they win).
 * @param event a step event already narrowed to its type (e.g. by `assertEvent`)
 */
export const recorded = <TData extends object>(event: StepEvent<string, TData>): TData & Done => ({
  ...event.data,
  ...done(event),
});

/**
 * The union of a procedure's step events, one member per key of its `events` record, each carrying the data its
 * schema outputs: `StepEventsOf<typeof events>` is what `setup({ types: { events } })` wants.
 */
export type StepEventsOf<TEvents extends Record<string, Pick<EventSpec, 'schema'>>> = {
  [K in keyof TEvents & string]: StepEvent<K, z.output<TEvents[K]['schema']>>;
}[keyof TEvents & string];

/**
 * Whether `event` is the engine's probe: when it lists what a case accepts now it sends each event type with empty
 * data (and, per role, an actor with that role only), marked `probe: true`. Guards on data or sender let it pass.
 */
export const isProbe = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && 'probe' in event && event.probe === true;

/**
 * `event`, asserted (XState's `assertEvent`) to be of `type` — one type or a list — and typed as that member of the
 * machine's event union. Throws an Error naming both types when it is not: a machine bug (an action wired to an event
 * it does not read), never a person's mistake, since the engine only sends events the machine accepts.
 */
export function eventOf<TEvent extends EventObject, TType extends TEvent['type']>(
  event: TEvent,
  type: TType | readonly TType[],
): ExtractEvent<TEvent, TType> {
  assertEvent(event, type);
  return event;
}
