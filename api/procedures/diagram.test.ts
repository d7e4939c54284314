import { and, not, setup } from 'xstate';
import { complaintV1 as complaint } from '../../workflows/procedures/complaint';
import { perimeterAlarmMachine } from '../../workflows/procedures/perimeter-alarm/machine';
import { mermaidOf } from './diagram';

describe('mermaidOf: the perimeter-alarm machine', () => {
  const text = mermaidOf(perimeterAlarmMachine);
  const lines = text.split('\n').map((l) => l.trim());

  it('is a stateDiagram-v2 that starts in responding, with its dispatch sub-states nested', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('[*] --> responding');
    expect(lines).toContain('state responding {');
    expect(lines).toContain('[*] --> responding_awaitingDispatch');
    expect(lines).toContain('state "awaitingDispatch" as responding_awaitingDispatch');
  });

  it('labels edges with the event and the guard', () => {
    expect(lines).toContain('assessing --> searching : verdict_given [saysIntrusion]');
    expect(lines).toContain('assessing --> closedFalseAlarm : verdict_given [saysFalseAlarm]');
    expect(lines).toContain('searching --> awaitingPolice : outcome_recorded [policeToBeCalled]');
    expect(lines).toContain('responding --> assessing : patrol_arrived');
    expect(lines).toContain('responding_awaitingDispatch --> responding_awaitingPatrol : patrol_dispatched');
  });

  it('draws deadline timers and actions-only steps as self-loops, labelled with the timer id', () => {
    expect(lines).toContain('responding --> responding : after patrol_arrival');
    expect(lines).toContain('responding_awaitingDispatch --> responding_awaitingDispatch : after dispatch');
    expect(lines).toContain('reporting --> reporting : after report');
    expect(lines).toContain('searching --> searching : search_item_done');
  });

  it('ends in its final states', () => {
    expect(lines).toContain('closedFalseAlarm --> [*]');
    expect(lines).toContain('closedReported --> [*]');
  });

  it('puts the machine-wide step on a box around the whole machine', () => {
    expect(lines).toContain('state perimeter_alarm {');
    expect(lines).toContain('perimeter_alarm --> perimeter_alarm : cameras_tracked');
  });

  it('is deterministic', () => {
    expect(mermaidOf(perimeterAlarmMachine)).toBe(text);
  });
});

describe('mermaidOf: parallel, eventless and completion transitions', () => {
  const machine = setup({
    guards: { isUrgent: () => true, isLate: () => false },
    delays: { reminder: 1000 },
  }).createMachine({
    id: 'demo',
    initial: 'routing',
    states: {
      routing: { always: [{ guard: 'isUrgent', target: 'work' }, { target: 'done' }] },
      work: {
        type: 'parallel',
        onDone: 'done',
        states: {
          paperwork: {
            initial: 'routing',
            states: {
              routing: { on: { filed: 'filed' } },
              filed: { type: 'final' },
            },
          },
          calls: {
            initial: 'calling',
            states: {
              calling: {
                after: { reminder: { target: 'calling', reenter: true }, 60000: 'gaveUp' },
                on: { called: { guard: and(['isUrgent', not('isLate')]), target: 'called' } },
              },
              called: { type: 'final' },
              gaveUp: { type: 'final' },
            },
          },
        },
      },
      done: { type: 'final' },
    },
  });
  const lines = mermaidOf(machine)
    .split('\n')
    .map((l) => l.trim());

  it('separates parallel regions with --, each a box of its own', () => {
    const work = lines.indexOf('state work {');
    expect(lines.slice(work)).toEqual(
      expect.arrayContaining(['state "paperwork" as work_paperwork', '--', 'state "calls" as work_calls']),
    );
    expect(lines.indexOf('--')).toBeGreaterThan(lines.indexOf('state work_paperwork {'));
    expect(lines.indexOf('--')).toBeLessThan(lines.indexOf('state work_calls {'));
  });

  it('keeps ids unique when nested states share a key', () => {
    expect(lines).toContain('state "routing" as work_paperwork_routing');
    expect(lines).toContain('routing --> work : always [isUrgent]');
    expect(lines).toContain('routing --> done : always');
  });

  it('labels completion, named and numeric delays, and composite guards', () => {
    expect(lines).toContain('work --> done : onDone');
    expect(lines).toContain('work_calls_calling --> work_calls_calling : after reminder');
    expect(lines).toContain('work_calls_calling --> work_calls_gaveUp : after 60000ms');
    expect(lines).toContain('work_calls_calling --> work_calls_called : called [and(isUrgent, not(isLate))]');
    expect(lines).toContain('work_calls_called --> [*]');
    expect(lines).toContain('done --> [*]');
  });
});

describe('mermaidOf: every registered shape', () => {
  it('draws the complaint machine, parallel regions and all, with one declaration per state', () => {
    const text = mermaidOf(complaint.machine);
    const declared = text.match(/^\s*state "[^"]+" as (\S+)$/gm) ?? [];
    const ids = declared.map((l) => l.trim().split(' as ')[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(text).toContain('open --> closedResolved : case_closed');
    expect(text).toMatch(/^\s+--$/m);
  });
});
