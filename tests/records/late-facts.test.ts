/**
 * Issue 18 point 2: the police case number added to a CLOSED case, through the API, as an entry appended to the case's
 * records — whether Temporal still keeps the case's (completed) workflow or retention deleted it. A Temporal CLI dev
 * server (the time-skipping server cannot delete executions), the app's worker in this process, a real PostgreSQL.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { CaseService } from '../../api/cases/service';
import { HttpError } from '../../api/errors';
import { loadConfig } from '../../config/load';
import { lazyArchive, openRecords, verifyRecords, type RecordsAccess } from '../../records';
import { casePolicyFor, type CaseView } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import { sendStep } from '../support/app-worker';
import { useRecordsDevServer } from '../support/records-dev-server';
import { waitFor } from '../support/wait';
import { pdfBytes, pdfText } from '../support/pdf-text';
import { as, caseStart } from '../support/fixtures';
import { bearerFor } from '../support/http-api';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const { temporal, pg } = useRecordsDevServer('records-late-facts');

const config = loadConfig();
const site = 'xinghe-mall';
let records: RecordsAccess;
let app: ReturnType<typeof createApp>;
const auth = bearerFor(() => app);

let seq = 0;
/** A mall-theft case (商场预案 三) at xinghe-mall, started on the in-process worker with records on. */
async function mallTheft(): Promise<WorkflowHandle> {
  const def = getProcedure('mall-theft');
  const started = caseStart(def.id, def.example.data, `mall-theft-${site}-late${++seq}`);
  const input = { ...started, site, policy: casePolicyFor(def, config.sites.get(site)), procedure: def.id };
  return temporal.client.workflow.start('runProcedure', {
    workflowId: started.caseId,
    taskQueue: 'records-late-facts',
    args: [{ ...input, version: def.version, drill: false, records: true, startedBy: as('patrol_guard') }],
  });
}
const step = (handle: WorkflowHandle, type: string, data: Record<string, unknown>, role: string) =>
  sendStep(handle, { type, data, actor: as(role) });
const report = { summary: '储物柜被撬，嫌疑人逃离', evidenceRecorded: true, sentToGeneralOffice: true };

/** A case the police came to (三.8) without giving a number, run to its close; its final view. */
async function closedWithPolice(): Promise<WorkflowHandle> {
  const handle = await mallTheft();
  await step(handle, 'guards_dispatched', { guards: ['孙伟'], policeCalled: true }, 'squad_leader');
  await step(handle, 'scene_secured', { outcome: 'suspect_fled', sceneProtected: true }, 'squad_leader');
  const police = { officer: '王警官', rank: '警长', badgeNumber: '012345', suspectHandedOver: false };
  await step(handle, 'police_arrived', police, 'security_captain');
  await step(handle, 'report_filed', report, 'security_captain');
  await recorded(handle);
  return handle;
}

/** A perimeter v2 case (城市花园 七) at chengshi-garden: a caught thief, police at the door without a number, reported. */
async function perimeterClosedWithPolice(): Promise<WorkflowHandle> {
  const def = getProcedure('perimeter-alarm', 2);
  const started = caseStart(
    def.id,
    { zone: '北墙三号', source: 'manual' },
    `perimeter-alarm-chengshi-garden-late${++seq}`,
  );
  const policy = casePolicyFor(def, config.sites.get('chengshi-garden'));
  const handle = await temporal.client.workflow.start('runProcedure', {
    workflowId: started.caseId,
    taskQueue: 'records-late-facts',
    args: [{ ...started, site: 'chengshi-garden', policy, procedure: def.id, version: 2, drill: false, records: true }],
  });
  await step(handle, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await step(handle, 'patrol_arrived', {}, 'patrol_guard');
  await sendStep(handle, {
    type: 'verdict_given',
    data: { verdict: 'intrusion', captainInformed: true, officeInformed: true, commander: 'squad_leader' },
    actor: as('squad_leader'),
    people: { squad_leader: { name: '保安班长 郑军', roles: ['squad_leader'] } },
  });
  await step(
    handle,
    'outcome_recorded',
    { outcome: 'thief_caught', suspectUnharmed: true, facts: '墙下抓获' },
    'squad_leader',
  );
  const police = { officerName: '赵', badgeNumber: '012345', ledInByGateGuard: true, cctvProvided: true };
  await step(handle, 'police_arrived', police, 'gate_guard');
  await step(handle, 'report_filed', { report: 'senior_management', summary: '已报公司高层' }, 'squad_leader');
  const form = { report: 'investigation_form', summary: '调查表', customerUnit: '某公司', customerUnitInformed: true };
  await step(handle, 'report_filed', form, 'cs_agent');
  await step(handle, 'report_filed', { report: 'incident_report', summary: '事故报告' }, 'squad_leader');
  await recorded(handle);
  return handle;
}

/** Waits until the records hold the case closed (the worker's write follows the workflow's close). */
async function recorded(handle: WorkflowHandle): Promise<CaseView> {
  const final = (await handle.result()) as CaseView;
  expect(final.status).toBe('closed');
  await waitFor(async () => (await records.getCase(handle.workflowId))?.view.status === 'closed', {
    timeoutMs: 60_000,
    what: 'the records to hold the closed case',
  });
  return final;
}

/** What verify-records finds in the whole records database now. */
async function chainBreaks() {
  const opened = await openRecords({ url: pg().url });
  try {
    return (await verifyRecords(opened.db)).breaks;
  } finally {
    await opened.close();
  }
}

const add = async (caseId: string, user: string, data: Record<string, unknown>, lang = 'zh-CN', role?: string) =>
  request(app)
    .post(`/api/cases/${caseId}/addenda`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang)
    .send({ type: 'police_case_number_added', data, ...(role ? { role } : {}) });
const get = async (path: string, user = 'security_captain') =>
  request(app)
    .get(`/api/${path}`)
    .set('Authorization', await auth(user));

beforeAll(async () => {
  records = lazyArchive(pg().url);
  app = createApp({ client: temporal.client, config, logger: pino({ level: 'silent' }), records });
});
afterAll(async () => records?.close());

describe('a police case number added to a closed case', () => {
  it('is appended to the records while the workflow exists: shown with the case, in its export, refused twice', async () => {
    const handle = await closedWithPolice();
    const id = handle.workflowId;
    const before = await get(`cases/${id}`, 'squad_leader');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'closed', lateFactsForMe: ['police_case_number_added'] });
    expect(before.body.addenda).toBeUndefined();
    const recordedBefore = (await records.entries(id)).length;

    const res = await add(id, 'squad_leader', { policeCaseNumber: ' JB-2026-0042 ', note: '派出所电话告知' });
    expect(res.status).toBe(201);
    expect(res.body.addenda).toEqual([
      {
        seq: recordedBefore + 1,
        type: 'police_case_number_added',
        data: { policeCaseNumber: 'JB-2026-0042', note: '派出所电话告知' },
        actor: { id: 'squad_leader', name: '保安班长 郑军' },
        role: 'squad_leader',
        at: expect.any(String),
      },
    ]);
    // Nothing recorded changed: the history is the workflow's, the number only in the addendum.
    expect(res.body.history).toEqual(before.body.history);
    expect(res.body.context).toEqual(before.body.context);
    expect(res.body.lateFactsForMe).toEqual([]);

    // A second number is refused, in the caller's language, and nothing is appended.
    const second = await add(id, 'security_captain', { policeCaseNumber: 'JB-2026-0043' }, 'en');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      type: 'urn:problem:late-fact-refused',
      reason: 'number_already_recorded',
      detail: 'this case already has a police case number; a second one cannot be added',
    });
    const secondZh = await add(id, 'security_captain', { policeCaseNumber: 'JB-2026-0043' });
    expect(secondZh.body.detail).toBe('本案已记有报案编号，不能再补记第二个');
    expect((await records.entries(id)).length).toBe(recordedBefore + 1);

    const exported = await get(`cases/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.case.addenda).toHaveLength(1);
    expect(exported.body.auditTrail).toMatchObject({ intact: true });
    expect(exported.body.auditTrail.entries.at(-1)).toMatchObject({
      kind: 'addendum',
      body: { type: 'police_case_number_added', data: { policeCaseNumber: 'JB-2026-0042' } },
    });
    expect(await chainBreaks()).toEqual([]);
  });

  it('works once retention deleted the workflow: the records take it and serve it', async () => {
    const handle = await closedWithPolice();
    const id = handle.workflowId;
    await temporal.client.workflowService.deleteWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: id },
    });
    const withoutRecords = new CaseService(temporal.client, new Map());
    await waitFor(
      () =>
        withoutRecords.view(id).then(
          () => false,
          (err: unknown) => err instanceof HttpError && err.status === 404,
        ),
      { timeoutMs: 60_000, what: 'the workflow execution to be gone' },
    );

    const res = await add(id, 'security_captain', { policeCaseNumber: 'JB-2026-0100' });
    expect(res.status).toBe(201);
    expect(res.body.addenda).toEqual([
      expect.objectContaining({ data: { policeCaseNumber: 'JB-2026-0100' }, role: 'security_captain' }),
    ]);
    const again = await get(`cases/${id}`);
    expect(again.body.addenda).toEqual(res.body.addenda);
    expect((await add(id, 'security_captain', { policeCaseNumber: 'X-2' })).status).toBe(409);
    expect(await chainBreaks()).toEqual([]);
  });

  it('prints the addition at the end of the case’s PDF documents (perimeter v2, 七.14)', async () => {
    const handle = await perimeterClosedWithPolice();
    const res = await add(handle.workflowId, 'cs_agent', { policeCaseNumber: 'ZJ-PCS-7788' });
    expect(res.status).toBe(201);
    const pdf = await pdfBytes(
      request(app)
        .get(`/api/cases/${handle.workflowId}/documents/incident-report?lang=zh-CN`)
        .set('Authorization', await auth('squad_leader')),
    );
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('结案后补记');
    expect(text).toContain('ZJ-PCS-7788');
    expect(text).toContain('客服 小李');
  });

  it('refuses a case the police never came to, an open case, a role the procedure does not name, and bad data', async () => {
    // No theft found (三.5): the police never took the case.
    const none = await mallTheft();
    await step(none, 'guards_dispatched', { guards: ['孙伟'], policeCalled: true }, 'squad_leader');
    await step(none, 'scene_secured', { outcome: 'no_theft', finding: '柜门未锁，物品仍在' }, 'squad_leader');
    await step(none, 'report_filed', report, 'security_captain');
    await recorded(none);
    const refused = await add(none.workflowId, 'squad_leader', { policeCaseNumber: 'JB-1' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'police_not_involved', detail: '本案没有警方介入，不能补记报案编号' });
    expect((await get(`cases/${none.workflowId}`, 'squad_leader')).body.lateFactsForMe).toEqual([]);

    // Still open: the normal step applies.
    const open = await mallTheft();
    const stillOpen = await add(open.workflowId, 'squad_leader', { policeCaseNumber: 'JB-2' }, 'en');
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body).toMatchObject({
      type: 'urn:problem:case-open',
      detail: 'the case is still open: record it with the step "Police report number added"',
    });
    const stillOpenZh = await add(open.workflowId, 'squad_leader', { policeCaseNumber: 'JB-2' });
    expect(stillOpenZh.body.detail).toBe('案件尚未结案：请用步骤「补记报案编号」记录');

    const closed = await closedWithPolice();
    // The mall plan names the squad leader and the security manager (商场预案 二.1–二.2), not a patrol guard.
    const guard = await add(closed.workflowId, 'patrol_guard', { policeCaseNumber: 'JB-3' });
    expect(guard.status).toBe(403);
    const bad = await add(closed.workflowId, 'squad_leader', { policeCaseNumber: '   ' }, 'en');
    expect(bad.status).toBe(422);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'data.policeCaseNumber' })]);
    expect((await get(`cases/${closed.workflowId}`)).body.addenda).toBeUndefined();
  });
});
