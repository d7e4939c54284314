import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';

// Store theft version 2 on the time-skipping server (issue 18, 偷盗 5.1.3 4)): a female customer's interview starts
// only on a female staff record stamped from the staff records (an API middleware's job until version 3, whose
// machine reads the records itself: v3.temporal.test.ts); a step without the stamp — a bare user id — does not open
// the interview. Version 1 cases keep the typed claim.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('store-theft', 'store-theft-v2-test');
const minutes = (n: number) => n * 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };

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

describe('store theft v2: female staff from the staff records', () => {
  it('keeps the interview closed on a bare user id and opens it on the stamped record', async () => {
    const handle = await inOffice('stamped', 2);
    expect((await cases.view(handle)).version).toBe(2);
    await cases.step(handle, 'female_staff_present', { staffId: 'ops_manager' }, 'ops_manager');
    const refused = await refusalOf(cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager'));
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({
      type: 'EventNotAllowed',
      message: expect.stringContaining('femaleStaffPresentForFemaleCustomer'),
    });
    // A typed name and gender without an id is not a step of version 2 at all.
    const typed = await refusalOf(
      cases.step(handle, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager'),
    );
    expect((typed as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidData' });
    await env().sleep(minutes(2));
    // What the API sends after reading config/users.yaml.
    const stamped = { staffId: 'ops_manager', staffName: '营运 林芳', gender: 'female' };
    await cases.step(handle, 'female_staff_present', stamped, 'ops_manager');
    const interviewing = await cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(interviewing.state).toContain('interviewing');
    const closed = await cases.step(
      handle,
      'decision_made',
      { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
      'ops_manager',
    );
    expect(closed.history.map((h) => h.type)).toContain('interview_started');
    await cases.record('store-theft-v2-female-staff', handle);
  });

  it('keeps a version 1 case on the typed claim', async () => {
    const handle = await inOffice('v1', 1);
    await cases.step(handle, 'female_staff_present', { staffName: '李娟', gender: 'female' }, 'ops_manager');
    const v = await cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(v).toMatchObject({ version: 1, state: expect.stringContaining('interviewing') });
  });
});
