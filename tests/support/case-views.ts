/**
 * Real case views for record tests: a case of a real procedure driven through its engine (CaseCore) in process,
 * one view per change, as the workflow would record them (start, steps, a deadline firing its rung, the rung's
 * delivery, an acknowledgement, close).
 */
import { CaseCore } from '../../workflows/engine/case-core';
import type { CaseView } from '../../workflows/engine/contract';
import { getProcedure } from '../../workflows/procedures';
import type { RecordedNotice } from '../../records';
import { as, caseStart } from './fixtures';

/** One change of the case: the view after it, its revision (from 1), and the in-app notices it delivered. */
export interface RecordedChange {
  revision: number;
  view: CaseView;
  notices: RecordedNotice[];
}

/**
 * A perimeter-alarm case from alarm to false-alarm close, with the patrol late: 7 changes.
 * `caseId` and `number` make cases distinct; `at` is the alarm time (ms).
 */
export function perimeterCaseChanges(caseId: string, at = Date.parse('2026-11-24T02:00:00Z')): RecordedChange[] {
  const def = getProcedure('perimeter-alarm');
  const start = {
    ...caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }, caseId),
    number: `PA-${caseId}`,
  };
  const timers = new Map<string, number>();
  const changes: RecordedChange[] = [];
  let notices: RecordedNotice[] = [];
  const track = (effects: ReturnType<CaseCore['fireTimer']>) => {
    for (const e of effects) {
      if (e.kind === 'startTimer') timers.set(e.key, e.dueAt);
      else if (e.kind === 'cancelTimer') timers.delete(e.key);
      else if (e.payload.escalation) {
        const esc = e.payload.escalation;
        notices.push({
          key: e.payload.key,
          caseId,
          number: start.number,
          procedure: def.id,
          site: start.site,
          role: esc.to,
          kind: 'escalation',
          about: esc.timer,
          at: esc.at,
          escalation: esc,
        });
      }
    }
  };
  const { core, effects } = CaseCore.start(def, start, at);
  let now = at;
  const record = () => {
    changes.push({ revision: changes.length + 1, view: structuredClone(core.view(now)), notices });
    notices = [];
  };
  track(effects);
  record();
  now += 60_000;
  track(
    core.applyStep(
      { type: 'patrol_dispatched', data: { patrol: ['李'], squadLeaderInformed: true }, actor: as('monitor_guard') },
      now,
    ),
  );
  record();
  // The patrol does not arrive in time: its deadline fires and the first rung goes out.
  const [key, dueAt] = [...timers.entries()].sort((a, b) => a[1] - b[1])[0]!;
  timers.delete(key);
  now = dueAt;
  track(core.fireTimer(key, now));
  record();
  core.markDelivered(1, ['in_app']);
  record();
  now += 30_000;
  track(core.acknowledge(1, as('squad_leader'), now));
  record();
  now += 60_000;
  track(core.applyStep({ type: 'patrol_arrived', data: {}, actor: as('patrol_guard') }, now));
  record();
  now += 60_000;
  track(
    core.applyStep(
      {
        type: 'verdict_given',
        data: { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true },
        actor: as('patrol_guard'),
      },
      now,
    ),
  );
  record();
  return changes;
}
