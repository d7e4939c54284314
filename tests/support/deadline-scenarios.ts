import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnyStateNode } from 'xstate';
import { CaseCore } from '../../workflows/engine/case-core';
import type { PersonFacts } from '../../workflows/engine/contract';
import type { ProcedureDefinition } from '../../workflows/engine/definition';
import { casePolicyFor } from '../../workflows/engine/policy';
import { as } from './fixtures';

/**
 * Deadline scenarios: for every deadline of a procedure, the steps that bring a new case to where the deadline runs and
 * the step that deadline waits for. Each procedure keeps its own in `workflows/procedures/<id>/deadline-scenarios.ts`
 * (found by its id, imported only by tests, so not in the workflow bundle); tests/conformance/procedures.test.ts sends
 * each step in time, late and never and checks the deadline's record and the reports (docs/adding-a-procedure.md).
 */

/** One step a person sends. */
export interface DeadlineStep {
  type: string;
  data: Record<string, unknown>;
  /** The role that sends it. */
  role: string;
  /** Actor id when it must differ from the role (e.g. a reviewer other than the proposer). */
  id?: string;
  /** Staff records of the people the data names (EventSpec.people), as the API would hand them over. */
  people?: Record<string, PersonFacts>;
}

/** How one deadline is reached and met. */
export interface DeadlineScenario {
  /** The intake; the procedure's example when omitted. */
  intake?: Record<string, unknown>;
  /** Steps from the start to where the deadline runs, each a second after the previous one. */
  before: DeadlineStep[];
  /** The step the deadline waits for. */
  step: DeadlineStep;
  /**
   * A recurring round (the daily follow-up call): each round has its own deadline, so a step after a round's due time
   * belongs to the next round; the missed round stays missed and the next round is met at the step's time.
   */
  rounds?: boolean;
}

/**
 * What `deadline-scenarios.ts` exports as `deadlineScenarios`: given the version (1, 2, …), the scenario of each of
 * that version's deadlines, by timer id (the machine's delay name).
 */
export type DeadlineScenarios = (version: number) => Record<string, DeadlineScenario>;

/** A step of `type` with `data`, sent by `role` (as actor `id` when given). */
export const step = (
  type: string,
  data: Record<string, unknown>,
  role: string,
  id?: string,
  people?: Record<string, PersonFacts>,
): DeadlineStep => ({
  type,
  data,
  role,
  ...(id ? { id } : {}),
  ...(people ? { people } : {}),
});

const repo = path.join(__dirname, '..', '..');

/** The file that holds `id`'s scenarios, under the repository `root`. */
export const deadlineScenariosFile = (id: string, root = repo) =>
  path.join(root, 'workflows', 'procedures', id, 'deadline-scenarios.ts');

/**
 * The deadline scenarios of `def` (its id and version), loaded from its folder's `deadline-scenarios.ts` under `root`
 * (this repository by default). Throws, naming the procedure and the file, when the file is missing or does not export
 * `deadlineScenarios` as a function.
 */
export function deadlineScenariosOf(
  def: Pick<ProcedureDefinition, 'id' | 'version'>,
  root = repo,
): Record<string, DeadlineScenario> {
  const file = deadlineScenariosFile(def.id, root);
  const where = path.relative(root, file);
  if (!existsSync(file))
    throw new Error(
      `${def.id} v${def.version}: no ${where}; it gives every deadline its steps (docs/adding-a-procedure.md)`,
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(file) as { deadlineScenarios?: unknown };
  if (typeof loaded.deadlineScenarios !== 'function')
    throw new Error(`${def.id} v${def.version}: ${where} must export deadlineScenarios: (version) => scenarios`);
  return (loaded.deadlineScenarios as DeadlineScenarios)(def.version);
}

const nodesOf = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states as Record<string, AnyStateNode>).flatMap((c) => [c, ...nodesOf(c)]);

/** The deadlines (named delays) of every state of `def`'s machine, each once, sorted. */
export function timersOf(def: ProcedureDefinition): string[] {
  const delays = nodesOf(def.machine.root as AnyStateNode).flatMap((node) =>
    node.after.map((t) => t.delay).filter((d): d is string => typeof d === 'string'),
  );
  return [...new Set(delays)].sort();
}

const SECOND = 1000;
/** When every scenario's case starts: a Tuesday, 10:00 in Shanghai. */
export const SCENARIO_T0 = Date.parse('2026-11-24T02:00:00Z');

/**
 * Moves a case driven by the pure core from `now` to `to` (epoch ms): fires its timers due by then in due order, as the
 * workflow fires them (a timer that starts another due by `to` fires too), and returns `to`. Throws after 10,000
 * firings (a ladder that never ends).
 */
export function fireTimersUntil(core: CaseCore, now: number, to: number): number {
  for (let fired = 0; ; fired++) {
    if (fired === 10_000)
      throw new Error(`case ${core.number}: over 10000 timers fell due before ${new Date(to).toISOString()}`);
    const next = core
      .openTimerEffects()
      .filter((t): t is Extract<typeof t, { kind: 'startTimer' }> => t.kind === 'startTimer' && t.dueAt <= to)
      .sort((a, b) => a.dueAt - b.dueAt)[0];
    if (!next) return to;
    now = Math.max(now, next.dueAt);
    core.fireTimer(next.key, now);
  }
}

/**
 * A case of `def` driven by CaseCore with its own clock (epoch ms), started at SCENARIO_T0 and brought by the
 * scenario's steps (one a second) to where `timer` runs. Timers fire in due order as the clock advances, as the
 * workflow fires them. Throws when the steps before do not start the deadline, naming the procedure, timer and state.
 */
export function caseAtDeadline(def: ProcedureDefinition, scenario: DeadlineScenario, timer: string) {
  let now = SCENARIO_T0;
  // As caseStart (./fixtures) gives it, from `def` itself: a scaffolded procedure need not be in this registry.
  const start = {
    caseId: `${def.id}-test-1`,
    number: `${def.numberPrefix}-20261124-0001`,
    site: 'test-site',
    policy: casePolicyFor(def),
    data: scenario.intake ?? def.example.data,
    startedBy: as(def.example.by),
  };
  const { core } = CaseCore.start(def, start, now);
  const advance = (to: number) => {
    now = fireTimersUntil(core, now, to);
  };
  const send = (step: DeadlineStep, at: number) => {
    advance(at);
    core.applyStep(
      {
        type: step.type,
        data: step.data,
        actor: as(step.role, step.id ?? step.role),
        ...(step.people ? { people: step.people } : {}),
      },
      at,
    );
  };
  scenario.before.forEach((step, i) => send(step, SCENARIO_T0 + (i + 1) * SECOND));
  const running = core
    .view(now)
    .deadlines.filter((x) => x.timer === timer && x.outcome === 'open')
    .at(-1);
  if (!running) throw new Error(`${def.id}: the steps before ${timer} do not start it (state ${core.stateName()})`);
  const view = () => core.view(now);
  return {
    get now() {
      return now;
    },
    startedAt: Date.parse(running.startedAt),
    dueAt: Date.parse(running.dueAt),
    advance,
    send,
    view,
    record: () => view().deadlines.find((x) => x.timer === timer && x.startedAt === running.startedAt)!,
  };
}
