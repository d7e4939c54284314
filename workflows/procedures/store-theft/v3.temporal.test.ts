import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sendStep } from '../../../tests/support/app-worker';
import { as } from '../../../tests/support/fixtures';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import type { PersonFacts } from '../../engine/contract';

// Store theft version 3 on the time-skipping server (issue 18, 偷盗 5.1.3 4)): the step names the female staff member
// by user id and carries her staff record (EventSpec.people, as the API reads config/users.yaml); the machine refuses
// a man and opens a female customer's interview only after a woman of the records. A version 2 case opened beside it
// keeps its stamped step (what the retired API middleware wrote).
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('store-theft', 'store-theft-v3-test');
const minutes = (n: number) => n * 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };
const records: Record<string, PersonFacts> = {
  ops_manager: { name: '营运部负责人 林芳', roles: ['ops_manager'], gender: 'female' },
  patrol_guard: { name: '巡逻岗 孙伟', roles: ['patrol_guard'], gender: 'male' },
};

async function inOffice(name: string, version?: number) {
  const handle = await cases.open(name, intake, version);
  await cases.step(handle, 'theft_confirmed', { observed: '将两支口红放入包中' }, 'patrol_guard');
  await cases.step(handle, 'customer_intercepted', { where: 'at_exit' }, 'patrol_guard');
  await cases.step(handle, 'customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard');
  return handle;
}

const refusalOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err,
  );

describe('store theft v3: the female staff member judged on her staff record by the machine', () => {
  it('refuses a man of the staff, then records a woman from the records and opens the interview', async () => {
    const handle = await inOffice('records');
    expect((await cases.view(handle)).version).toBe(3);
    const man = await refusalOf(
      sendStep(handle, {
        type: 'female_staff_present',
        data: { staffId: 'patrol_guard' },
        actor: as('ops_manager'),
        people: { patrol_guard: records.patrol_guard! },
      }),
    );
    expect((man as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'EventNotAllowed',
      message: expect.stringContaining('femaleByStaffRecords'),
    });
    await env().sleep(minutes(2));
    await sendStep(handle, {
      type: 'female_staff_present',
      data: { staffId: 'ops_manager' },
      actor: as('ops_manager'),
      people: { ops_manager: records.ops_manager! },
    });
    const interviewing = await cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(interviewing.state).toContain('interviewing');
    expect(interviewing.context).toMatchObject({
      femaleStaff: { staffId: 'ops_manager', staffName: '营运部负责人 林芳', gender: 'female' },
    });
    const closed = await cases.step(
      handle,
      'decision_made',
      { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
      'ops_manager',
    );
    expect(closed.history.map((h) => h.type)).toEqual(expect.arrayContaining(['female_staff_present']));
    await cases.record('store-theft-v3-female-staff', handle);
  });

  it('keeps a version 2 case on its stamped step beside it', async () => {
    const handle = await inOffice('v2', 2);
    const stamped = { staffId: 'ops_manager', staffName: '营运 林芳', gender: 'female' };
    await cases.step(handle, 'female_staff_present', stamped, 'ops_manager');
    const v = await cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(v).toMatchObject({ version: 2, state: expect.stringContaining('interviewing') });
  });
});
