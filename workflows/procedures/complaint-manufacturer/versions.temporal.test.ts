import { DefaultLogger, Runtime } from '@temporalio/worker';
import { nextShanghai } from '../../../tests/support/calendar-instants';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import { complaintManufacturerV2 } from '.';

// complaint-manufacturer version 2 on the time-skipping Temporal test server, beside version 1: a major complaint's
// interim countermeasure within 8 working hours and permanent one within 2 working days (作业流程 5.3.1), counted on
// the site's calendar (Monday–Friday 09:00–18:00 Asia/Shanghai) across a night and a weekend by skipped time.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('complaint-manufacturer', 'complaint-manufacturer-v2-test', {
  by: 'salesperson',
});
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const FRIDAY = 5;
const ordinary = complaintManufacturerV2.example.data;
const major = { ...ordinary, severity: 'major' };
const iso = (ms: number) => new Date(ms).toISOString();
const plan = {
  responsibleDept: '装配车间',
  rootCause: '压装力不足',
  correctiveAction: '返修',
  preventiveAction: '加检',
};

/** Skips the server's clock to the next Friday 17:00 in Shanghai and opens a case there; returns it and its start. */
async function openOnFridayEvening(name: string, data: Record<string, unknown>, version?: number) {
  const probe = await cases.open(`clock-${name}`, data, version);
  const now = Date.parse((await cases.view(probe)).startedAt);
  await env().sleep(nextShanghai(now, FRIDAY, 17) - now);
  const handle = await cases.open(name, data, version);
  return { handle, start: Date.parse((await cases.view(handle)).startedAt) };
}

/** The handling form issued, approved (营销副总 for a major complaint: 作业流程 5.2.2) and signed for by 品管部. */
const formSteps = async (handle: Awaited<ReturnType<typeof cases.open>>, approver: string) => {
  await cases.step(handle, 'handling_form_issued', { formNo: 'TS-101' }, 'salesperson');
  await cases.step(handle, 'handling_form_approved', {}, approver);
  return cases.step(handle, 'handling_form_signed', { qeEngineer: '吴工' }, 'qa_dept');
};

const ladder = async (handle: Awaited<ReturnType<typeof cases.open>>, timer: string) =>
  (await cases.view(handle)).escalations.filter((e) => e.timer === timer).map((e) => [e.to, e.dueAt]);

describe('complaint-manufacturer v2 on the time-skipping test server (作业流程 5.3.1)', () => {
  it('counts a major complaint’s 8 working hours from Friday 17:00 to Monday 16:00, across the night and weekend', async () => {
    const { handle, start } = await openOnFridayEvening('v2-major-late', major);
    const signed = await formSteps(handle, 'marketing_vp');
    expect([signed.version, signed.state]).toEqual([2, 'awaitingInterimCountermeasure']);
    // 1 working hour on Friday (17:00–18:00), 7 on Monday (09:00–16:00).
    const monday1600 = start + 3 * DAY - HOUR;
    expect(signed.timers.find((t) => t.id === 'qe_interim')!.dueAt).toBe(iso(monday1600));
    await env().sleep(monday1600 - start - MIN); // Monday 15:59: 8 calendar hours long gone, 8 working hours not
    expect(await ladder(handle, 'qe_interim')).toEqual([]);
    await env().sleep(2 * MIN);
    expect(await ladder(handle, 'qe_interim')).toEqual([['qa_dept', iso(monday1600)]]);
    // 管理者代表 two working hours later (policy): Monday 16:00 + 2 working hours runs past 18:00 into Tuesday 09:00.
    expect((await cases.view(handle)).timers).toContainEqual(
      expect.objectContaining({ id: 'qe_interim#2', kind: 'rung', dueAt: iso(start + 4 * DAY - 8 * HOUR) }),
    );
    const interim = await cases.step(handle, 'interim_countermeasure_given', { countermeasure: '先换备机' }, 'qa_dept');
    expect(interim.state).toBe('awaitingVisit');
    expect(interim.deadlines.find((d) => d.timer === 'qe_interim')).toMatchObject({ outcome: 'late' });

    // 2 working days from Friday 17:00 end on Tuesday 17:00, counted from receipt, not from the visit.
    const visited = await cases.step(
      handle,
      'customer_visited',
      { findings: '异响', cause: 'product_quality' },
      'salesperson',
    );
    expect(visited.state).toBe('awaitingPermanentCountermeasure');
    const tuesday1700 = start + 4 * DAY;
    expect(visited.timers.find((t) => t.id === 'qe_permanent')!.dueAt).toBe(iso(tuesday1700));
    await env().sleep(tuesday1700 - (monday1600 + MIN) - MIN); // Tuesday 16:59
    expect(await ladder(handle, 'qe_permanent')).toEqual([]);
    await env().sleep(2 * MIN);
    expect(await ladder(handle, 'qe_permanent')).toEqual([['qa_dept', iso(tuesday1700)]]);
    const replied = await cases.step(handle, 'permanent_countermeasure_replied', plan, 'qa_dept');
    expect(replied.state).toBe('awaitingActionApproval');
    expect(replied.deadlines.find((d) => d.timer === 'qe_permanent')).toMatchObject({ outcome: 'late' });
    await cases.record('complaint-manufacturer-v2-major-late', handle);
  });

  it('runs a v1 and a v2 major complaint side by side: only v2 has QE’s countermeasure steps', async () => {
    const v1 = await cases.open('v1-major', major, 1);
    const v2 = await cases.open('v2-major', major);
    expect((await formSteps(v1, 'marketing_vp')).state).toBe('awaitingVisit');
    const signed = await formSteps(v2, 'marketing_vp');
    expect(signed.timers.map((t) => t.id)).toEqual(['qe_interim']);
    await cases.step(v2, 'interim_countermeasure_given', { countermeasure: '先换备机' }, 'qa_dept');
    await cases.step(v2, 'customer_visited', { findings: '异响', cause: 'misuse' }, 'salesperson');
    await cases.step(v2, 'permanent_countermeasure_replied', plan, 'qa_dept');
    await cases.step(v2, 'corrective_action_decided', { decision: 'approved' }, 'gm');
    await cases.step(v2, 'reply_approved', { reply: '免费更换' }, 'marketing_vp');
    await cases.step(v2, 'customer_replied', { customerAccepts: true }, 'salesperson');
    const result = await v2.result();
    expect(result).toMatchObject({ status: 'closed', state: 'closed', version: 2, timers: [], escalations: [] });
    expect(result.deadlines.filter((d) => d.timer.startsWith('qe_')).map((d) => [d.timer, d.outcome])).toEqual([
      ['qe_interim', 'met'],
      ['qe_permanent', 'met'],
    ]);
    await cases.record('complaint-manufacturer-v2-major-closed', v2);
    const v1Visited = await cases.step(v1, 'customer_visited', { findings: '异响', cause: 'misuse' }, 'salesperson');
    expect([v1Visited.version, v1Visited.state]).toEqual([1, 'investigating']);
    expect(v1Visited.timers.map((t) => t.id)).toEqual(['qe_reply']);
  });
});
