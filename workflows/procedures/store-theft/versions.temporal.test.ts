import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sendStep } from '../../../tests/support/app-worker';
import { as } from '../../../tests/support/fixtures';
import { timeSkippingCases } from '../../../tests/support/procedure-cases';
import type { PersonFacts } from '../../engine/contract';

// Store theft version 2 on the time-skipping server (issue 18, 偷盗 5.1.3 4)): a female customer's interview starts
// only on a female staff record stamped from the staff records (an API middleware's job until version 3, whose
// machine reads the records itself, below); a step without the stamp — a bare user id — does not open
// the interview. Version 1 cases keep the typed claim. Version 3: the step names her by user id and carries her staff
// record (EventSpec.people, as the API reads config/users.yaml); the machine refuses a man and opens a female
// customer's interview only after a woman of the records.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { env, cases } = timeSkippingCases('store-theft', 'store-theft-versions-test');
const minutes = (n: number) => n * 60_000;
const intake = { location: '3F', description: '红色外套', suspectGender: 'female', postsAlerted: true };

/** Her staff record as the API hands it over (config/users.yaml). */
const woman: PersonFacts = { name: '营运部负责人 林芳', roles: ['ops_manager'], gender: 'female' };

async function inOffice(name: string, version?: number) {
  const handle = await cases.open(name, intake, version);
  await cases.step(handle, 'theft_confirmed', { observed: '将两支口红放入包中' }, 'patrol_guard');
  await cases.step(handle, 'customer_intercepted', { where: 'at_exit' }, 'patrol_guard');
  await cases.step(handle, 'customer_refused', { customerGender: 'female', invitedToOffice: true }, 'gate_guard');
  return handle;
}

/** The interview ends: nothing was taken (the customer's own goods). */
const release = (handle: Awaited<ReturnType<typeof inOffice>>) =>
  cases.step(
    handle,
    'decision_made',
    { outcome: 'released', reason: '商品为顾客自带', searchPerformed: false },
    'ops_manager',
  );

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
    const closed = await release(handle);
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

describe('store theft v3: the female staff member judged on her staff record by the machine', () => {
  it('refuses a man of the staff, then records a woman from the records and opens the interview', async () => {
    const handle = await inOffice('records');
    expect((await cases.view(handle)).version).toBe(3);
    const man = await refusalOf(
      sendStep(handle, {
        type: 'female_staff_present',
        data: { staffId: 'patrol_guard' },
        actor: as('ops_manager'),
        people: { patrol_guard: { name: '巡逻岗 孙伟', roles: ['patrol_guard'], gender: 'male' } },
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
      people: { ops_manager: woman },
    });
    const interviewing = await cases.step(handle, 'interview_started', { assistingGuard: '王强' }, 'ops_manager');
    expect(interviewing.state).toContain('interviewing');
    expect(interviewing.context).toMatchObject({
      femaleStaff: { staffId: 'ops_manager', staffName: '营运部负责人 林芳', gender: 'female' },
    });
    const closed = await release(handle);
    expect(closed.history.map((h) => h.type)).toEqual(expect.arrayContaining(['female_staff_present']));
    await cases.record('store-theft-v3-female-staff', handle);
  });
});
