/**
 * Retention-proof case records (issue 16): a closed case whose workflow execution is deleted, as Temporal's retention
 * does, is still served whole from the records. A Temporal CLI dev server (the time-skipping server cannot delete
 * executions), the app's worker in this process, and a real PostgreSQL this test starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { monthIn } from '../../api/reports/site-time';
import { recordsCaseIndex, temporalCaseIndex } from '../../api/cases/case-index';
import { CaseService } from '../../api/cases/service';
import { HttpError } from '../../api/errors';
import { loadConfig } from '../../config/load';
import { entryHash, lazyArchive, type RecordsAccess } from '../../records';
import { casePolicyFor } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import type { CaseView } from '../../workflows/engine';
import type { runProcedure } from '../../workflows/engine/run-procedure';
import { sendStep } from '../support/app-worker';
import { useRecordsDevServer } from '../support/records-dev-server';
import { pdfBytes, pdfText } from '../support/pdf-text';
import { as, caseStart } from '../support/fixtures';
import { waitFor } from '../support/wait';
import { bearerFor } from '../support/http-api';
import { attachmentSettingsOf } from '../../api/attachments/settings';
import { phonePhoto } from '../support/evidence-files';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const taskQueue = 'records-retention';
const { temporal, pg } = useRecordsDevServer(taskQueue);

async function closedCase(caseId: string): Promise<{ handle: WorkflowHandle<typeof runProcedure>; final: CaseView }> {
  const input = {
    ...caseStart('perimeter-alarm', { zone: '北墙三号', source: 'panel' }, caseId),
    procedure: 'perimeter-alarm',
    version: 1,
    records: true,
  };
  const handle = await temporal.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
  const step = (type: string, data: Record<string, unknown>, role: string) =>
    sendStep(handle, { type, data, actor: as(role) });
  await step('patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
  await step('patrol_arrived', {}, 'patrol_guard');
  await step('verdict_given', { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true }, 'patrol_guard');
  return { handle, final: await handle.result() };
}

describe('case records outlive the workflow', () => {
  it('serves a case whose workflow execution was deleted whole from the records, history included', async () => {
    const { handle, final } = await closedCase('perimeter-alarm-test-site-retention-1');
    const archive = lazyArchive(pg().url);
    try {
      const withRecords = new CaseService(temporal.client, new Map(), archive);
      const withoutRecords = new CaseService(temporal.client, new Map());
      expect(await withRecords.view(handle.workflowId)).toEqual(final);

      // What Temporal's retention does to a closed case (`temporal workflow delete`).
      await temporal.client.workflowService.deleteWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: handle.workflowId },
      });
      await waitFor(
        () =>
          withoutRecords.view(handle.workflowId).then(
            () => false,
            (err: unknown) => err instanceof HttpError && err.status === 404,
          ),
        { timeoutMs: 60_000, what: 'the workflow execution to be gone' },
      );

      const kept = await withRecords.view(handle.workflowId);
      expect(kept).toEqual(final);
      expect(kept.status).toBe('closed');
      expect(kept.history.map((s) => s.type)).toEqual(['patrol_dispatched', 'patrol_arrived', 'verdict_given']);
      await expect(withRecords.view('perimeter-alarm-test-site-never-was')).rejects.toMatchObject({ status: 404 });
    } finally {
      await archive.close();
    }
  });
});

/**
 * Lists, inbox, search, reports and the ledger from the records database, beside the same app reading Temporal
 * (DATABASE_URL unset): the same answers while the workflows exist, and the records' answers unchanged once the closed
 * cases' executions are deleted.
 */
describe('reads from the records', () => {
  const config = loadConfig();
  let records: RecordsAccess;
  let fromRecords: ReturnType<typeof createApp>;
  let fromTemporal: ReturnType<typeof createApp>;
  const auth = bearerFor(() => fromRecords);
  const get = async (app: ReturnType<typeof createApp>, user: string, path: string) => {
    const res = await request(app)
      .get(`/api/${path}`)
      .set('Authorization', await auth(user));
    if (res.status !== 200) throw new Error(`GET ${path} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.type === 'text/csv' ? res.text : (res.body as Record<string, unknown>);
  };
  // What a page of a list holds, in case id order (Temporal lists closed cases by close time, the records by start).
  const ids = (body: unknown) => ((body as { cases: Array<{ caseId: string }> }).cases ?? []).map((c) => c.caseId);
  const sorted = (body: unknown) => {
    const { cases } = body as { cases: Array<{ caseId: string }> };
    return [...cases].sort((a, b) => a.caseId.localeCompare(b.caseId));
  };
  const withoutTime = (body: unknown) => ({ ...(body as object), generatedAt: undefined });

  let seq = 0;
  async function start(procedure: string, site: string, data: Record<string, unknown>, by: string) {
    const def = getProcedure(procedure);
    const caseId = `${procedure}-${site}-reads${++seq}`;
    const input = {
      caseId,
      number: `${def.numberPrefix}-20261201-${String(seq).padStart(4, '0')}`,
      site,
      policy: casePolicyFor(def, config.sites.get(site)),
      data,
      startedBy: as(by),
      procedure,
      version: def.version,
      drill: false,
      records: true,
      // The Temporal-backed app below reads lists and the inbox from visibility: these cases write every attribute
      // there (CASE_VISIBILITY=full), as cases without records do, so the two apps can be compared.
      fullVisibility: true,
    };
    return temporal.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue, args: [input] });
  }
  const step = (handle: WorkflowHandle, type: string, data: Record<string, unknown>, role: string) =>
    sendStep(handle, { type, data, actor: as(role) });

  const handles: WorkflowHandle[] = [];
  let stillOpen: WorkflowHandle;

  beforeAll(async () => {
    records = lazyArchive(pg().url);
    fromRecords = createApp({ client: temporal.client, config, logger: pino({ level: 'silent' }), records });
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // the app reads Temporal, as without a records database
    fromTemporal = createApp({ client: temporal.client, config, logger: pino({ level: 'silent' }) });
    process.env.DATABASE_URL = saved;

    const alarm = await start('perimeter-alarm', 'xinghe-mall', { zone: '北墙三号', source: 'panel' }, 'monitor_guard');
    await step(alarm, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true }, 'monitor_guard');
    await step(alarm, 'patrol_arrived', {}, 'patrol_guard');
    await step(
      alarm,
      'verdict_given',
      { verdict: 'false_alarm', cause: 'equipment_fault', panelReset: true },
      'patrol_guard',
    );

    // Complaint v2 at the home-decoration contractor: the repeat's charge is proposed, then confirmed (客诉规则 10).
    const complaint = await start(
      'complaint',
      'jiayi-decoration',
      {
        customer: { name: '王芳', phone: '13912345678' },
        channel: 'phone',
        location: '星河湾 3 栋 1201',
        category: 'designer_service',
        description: '设计师不回电话',
        request: '尽快联系',
        declinesFollowUp: true,
      },
      'cs_agent',
    );
    const repeat = { channel: 'phone', description: '还是没人联系', reason: 'designer_service', department: 'design' };
    await step(complaint, 'repeat_complaint_received', repeat, 'cs_agent');
    await step(complaint, 'penalty_confirmed', { penalty: 1, confirmed: true }, 'dept_manager');
    await step(complaint, 'record_confirmed', { readBack: true }, 'cs_agent');
    const notice = {
      noticeNo: 'ZG-9',
      cause: 'other',
      requiredActions: '设计师当天回电',
      handedToCustomerService: true,
    };
    await step(complaint, 'rectification_issued', notice, 'qc_inspector');
    await step(complaint, 'case_closed', { basis: 'manager_decision', reason: '已与顾客和解' }, 'gm');

    const theft = await start(
      'internal-theft',
      'xinghe-mall',
      {
        suspect: { name: '李强', employeeNo: 'E1024', department: '生鲜部' },
        account: '带出两瓶酒',
        rulesAcknowledged: true,
      },
      'lp_officer',
    );
    const file = { name: 'cctv.mp4', sha256: 'a'.repeat(64), size: 2048 };
    await step(
      theft,
      'evidence_added',
      { kind: 'cctv_footage', description: '员工通道监控', attachments: [file] },
      'lp_officer',
    );
    await step(
      theft,
      'reported_to_supervisor',
      { suspectProfile: '入职两年', account: '带出两瓶白酒', nothingWithheld: true, keptWithinLossPrevention: true },
      'lp_officer',
    );
    await step(theft, 'review_done', { verdict: 'unfounded', reason: '酒为自购,有小票' }, 'lp_supervisor');
    await step(theft, 'case_closed', { loss: '无', investigation: '监控取证', responsibility: '无' }, 'lp_supervisor');

    for (const h of [alarm, complaint, theft]) expect((await h.result()).status).toBe('closed');
    handles.push(alarm, complaint, theft);
    // Open, awaiting the monitor guard's dispatch: the inbox.
    stillOpen = await start('perimeter-alarm', 'chengshi-garden', { zone: '南门', source: 'manual' }, 'monitor_guard');
  }, 180_000);
  afterAll(async () => {
    await records?.close();
  });

  // Every read the retention promise covers, as each role sees it (CSV included).
  const reads: Array<[user: string, path: string]> = [
    ['gm', 'cases?pageSize=100'],
    ['lp_officer', 'cases?pageSize=100'],
    ['monitor_guard', 'cases?pageSize=100&status=closed'],
    ['gm', 'cases?pageSize=100&procedure=complaint'],
    ['gm', 'cases?pageSize=100&site=xinghe-mall'],
    ['monitor_guard', 'inbox'],
    ['gm', 'reports/overdue'],
    // The records database counts these itself (records/reads.ts): month by each site's zone, filters, scope.
    ['gm', `reports/overdue?month=${monthIn(Date.now(), 'Asia/Shanghai')}`],
    ['executive', 'reports/overdue?site=xinghe-mall&procedure=internal-theft'],
    ['gm', 'reports/monthly?months=2&procedure=perimeter-alarm'],
    ['lp_supervisor', 'reports/overdue?format=csv'],
    ['gm', 'reports/ledger'],
    ['gm', 'reports/ledger?format=csv'],
    ['gm', 'reports/monthly'],
    ['executive', 'reports/monthly?site=xinghe-mall'],
  ];
  const readAll = async (app: ReturnType<typeof createApp>) => {
    const out: Record<string, unknown> = {};
    for (const [user, path] of reads) {
      const body = await get(app, user, path);
      out[`${user} ${path}`] =
        typeof body === 'string' ? body : 'cases' in body ? sorted(body) : 'items' in body ? body : withoutTime(body);
    }
    return out;
  };
  let before: Record<string, unknown>;

  it('answers lists, inbox, reports, the ledger and CSV as the Temporal-backed app does', async () => {
    const all = [...handles, stillOpen].map((h) => h.workflowId).sort();
    // Visibility and the records each catch up with the last change in their own time: wait until both show it.
    await waitFor(
      async () => {
        const [t, r] = [
          await get(fromTemporal, 'gm', 'cases?pageSize=100'),
          await get(fromRecords, 'gm', 'cases?pageSize=100'),
        ];
        const closed = (b: unknown) =>
          sorted(b).filter((c) => (c as unknown as { status: string }).status === 'closed');
        const [fromT, fromR] = [JSON.stringify(sorted(t)), JSON.stringify(sorted(r))];
        // Thrown, not returned: on a timeout waitFor reports the last difference, so a red run says which side lagged.
        // The open alarm too: visibility and the records may both lag behind its start, and agree without it.
        const open = (b: unknown) => ids(b).includes(stillOpen.workflowId);
        if (closed(t).length !== 2 || !open(t) || fromT !== fromR)
          throw new Error(`Temporal ${fromT}\nrecords  ${fromR}`);
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'visibility and records to show the same cases' },
    );
    before = await readAll(fromRecords);
    expect(before).toEqual(await readAll(fromTemporal));

    // The access rule: the confidential internal theft only for loss prevention and the executive.
    const theftId = handles[2]!.workflowId;
    expect(ids(await get(fromRecords, 'gm', 'cases?pageSize=100'))).not.toContain(theftId);
    expect(ids(await get(fromRecords, 'monitor_guard', 'cases?pageSize=100&procedure=internal-theft'))).toEqual([]);
    expect(ids(await get(fromRecords, 'lp_officer', 'cases?pageSize=100'))).toContain(theftId);
    expect(ids(await get(fromRecords, 'executive', 'cases?pageSize=100')).sort()).toEqual(all);
    // The inbox: the open alarm awaits the monitor guard's dispatch.
    const inbox = (await get(fromRecords, 'monitor_guard', 'inbox')) as {
      items: Array<{ caseId: string; reason: string }>;
    };
    expect(inbox.items).toEqual([
      expect.objectContaining({ caseId: stillOpen.workflowId, reason: 'awaiting_my_step' }),
    ]);
    // The ledger: the repeat complaint's charge to the design department.
    const ledger = before['gm reports/ledger'] as { lines: Array<{ number: string; account: string; amount: number }> };
    expect(ledger.lines).toEqual([expect.objectContaining({ account: 'design', amount: 200 })]);

    // Paging: one case a page, through a sealed cursor, gives every case once in the list's order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await get(fromRecords, 'executive', `cases?pageSize=1${cursor ? `&cursor=${cursor}` : ''}`)) as {
        cases: Array<{ caseId: string }>;
        nextCursor: string | null;
      };
      paged.push(...page.cases.map((c) => c.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids(await get(fromRecords, 'executive', 'cases?pageSize=100')));
    expect(paged.sort()).toEqual(all);
    // A cursor the records never handed out (a forged one) is a 404, as with visibility.
    const forged = await request(fromRecords)
      .get(
        `/api/cases?cursor=${Buffer.from('{"startedAt":"2026-01-01T00:00:00.000Z","caseId":"x"}').toString('base64url')}.${'A'.repeat(22)}`,
      )
      .set('Authorization', await auth('gm'));
    expect(forged.status).toBe(404);

    // The event stream's source: every case once, as the list shows it.
    const changed = await recordsCaseIndex(records).changedSince(0, Date.now());
    const visible = await temporalCaseIndex(temporal.client).changedSince(0, Date.now());
    const mine = (cs: Array<{ caseId: string }>) =>
      cs.filter((c) => all.includes(c.caseId)).sort((a, b) => a.caseId.localeCompare(b.caseId));
    expect(mine(changed)).toEqual(mine(visible));
  }, 240_000);

  it('finds a case by a two-character Chinese name, a phone fragment, a place or its number', async () => {
    const complaint = handles[1]!.workflowId;
    const find = async (text: string, user = 'gm') =>
      ids(await get(fromRecords, user, `cases?pageSize=100&q=${encodeURIComponent(text)}`));
    expect(await find('王芳')).toEqual([complaint]);
    expect(await find('2345')).toEqual([complaint]);
    expect(await find('北墙')).toEqual([handles[0]!.workflowId]);
    expect(await find(`${getProcedure('complaint').numberPrefix}-20261201-0002`)).toEqual([complaint]);
    expect(await find('赵六')).toEqual([]);
    expect(await find('50%')).toEqual([]);
    // The confidential case's suspect is found only by those who may see it.
    expect(await find('李强')).toEqual([]);
    expect(await find('李强', 'lp_officer')).toEqual([handles[2]!.workflowId]);
  });

  it('answers the same once the closed cases’ workflow executions are deleted', async () => {
    const views = new Map<string, unknown>();
    for (const h of handles) views.set(h.workflowId, await get(fromRecords, 'executive', `cases/${h.workflowId}`));
    for (const h of handles) {
      await temporal.client.workflowService.deleteWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: h.workflowId },
      });
    }
    // Gone from Temporal: visibility no longer lists them.
    await waitFor(
      async () => ids(await get(fromTemporal, 'executive', 'cases?pageSize=100')).join() === stillOpen.workflowId,
      { timeoutMs: 60_000, what: 'the deleted executions to leave visibility' },
    );
    await expect(get(fromTemporal, 'executive', `cases/${handles[0]!.workflowId}`)).rejects.toThrow(/404/);

    expect(await readAll(fromRecords)).toEqual(before);
    for (const h of handles)
      expect(await get(fromRecords, 'executive', `cases/${h.workflowId}`)).toEqual(views.get(h.workflowId));
    expect(ids(await get(fromRecords, 'gm', 'cases?pageSize=100&q=%E7%8E%8B%E8%8A%B3'))).toEqual([
      handles[1]!.workflowId,
    ]);
  });
  it('exports a case with its audit chain, as JSON and at the end of its PDF report', async () => {
    const alarm = handles[0]!.workflowId; // its workflow is gone: the export comes from the records
    const stored = await records.entries(alarm);
    expect(stored.length).toBeGreaterThan(3);
    const res = await request(fromRecords)
      .get(`/api/cases/${alarm}/export`)
      .set('Authorization', await auth('patrol_guard'))
      .expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".+\.json"/);
    const { case: exported, auditTrail } = res.body as {
      case: { caseId: string; status: string };
      auditTrail: {
        entries: Array<{ seq: number; kind: string; body: unknown; hash: string; prevHash: string }>;
        head: string;
        intact: boolean;
      };
    };
    expect(exported).toMatchObject({ caseId: alarm, status: 'closed' });
    expect(auditTrail.entries.map((e) => [e.seq, e.hash, e.prevHash])).toEqual(
      stored.map((e) => [e.seq, e.hash, e.prevHash]),
    );
    // Each entry carries the hash of the one before, and its own hash is what its content hashes to.
    auditTrail.entries.forEach((e, i) => {
      expect(e.prevHash).toBe(i === 0 ? '' : auditTrail.entries[i - 1]!.hash);
      expect(entryHash({ caseId: alarm, seq: e.seq, kind: e.kind, body: e.body, prevHash: e.prevHash })).toBe(e.hash);
    });
    expect(auditTrail).toMatchObject({ head: stored.at(-1)!.hash, intact: true });
    expect(auditTrail.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'step', 'closed']));
    // Confidential cases stay hidden in an export too; without a records database the export has no audit trail.
    await request(fromRecords)
      .get(`/api/cases/${handles[2]!.workflowId}/export`)
      .set('Authorization', await auth('gm'))
      .expect(404);
    const plain = await request(fromTemporal)
      .get(`/api/cases/${stillOpen.workflowId}/export`)
      .set('Authorization', await auth('monitor_guard'))
      .expect(200);
    expect(plain.body).toMatchObject({ case: { caseId: stillOpen.workflowId }, auditTrail: null });

    const pdf = await pdfBytes(
      request(fromRecords)
        .get(`/api/cases/${alarm}/documents/incident-report?lang=en`)
        .set('Authorization', await auth('patrol_guard')),
    ).expect(200);
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('Audit trail');
    for (const e of stored) {
      expect(text).toMatch(new RegExp(`#${e.seq} ${e.kind} `));
      expect(text).toContain(`hash ${e.hash}`);
      expect(text).toContain(`previous ${e.prevHash || '—'}`);
    }
  });

  it('copies the custody of a case’s files into its audit trail, and exports the files with it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'procwf-records-files-'));
    try {
      const withFiles = createApp({
        client: temporal.client,
        config,
        logger: pino({ level: 'silent' }),
        records,
        attachments: { ...attachmentSettingsOf(config), root },
      });
      const id = stillOpen.workflowId;
      const guard = await auth('monitor_guard');
      const photo = (
        await request(withFiles)
          .post(`/api/cases/${id}/attachments`)
          .set('Authorization', guard)
          .attach('file', await phonePhoto('#357'), '北墙.jpg')
          .expect(201)
      ).body as { sha256: string };
      await request(withFiles)
        .get(`/api/cases/${id}/attachments/${photo.sha256}`)
        .set('Authorization', guard)
        .expect(200);

      const custody = (await records.entries(id)).filter((e) => e.kind === 'custody');
      expect(custody.map((e) => [e.body.kind, e.body.sha256])).toEqual([
        ['uploaded', photo.sha256],
        ['downloaded', photo.sha256],
      ]);
      const exported = (await request(withFiles).get(`/api/cases/${id}/export`).set('Authorization', guard).expect(200))
        .body as {
        files: { files: Array<{ sha256: string }>; custody: Array<{ action: string }> };
        auditTrail: { entries: Array<{ kind: string; hash: string }>; intact: boolean };
      };
      expect(exported.files.files.map((f) => f.sha256)).toEqual([photo.sha256]);
      expect(exported.files.custody.map((c) => c.action)).toEqual(['uploaded', 'downloaded']);
      expect(exported.auditTrail.intact).toBe(true);
      expect(exported.auditTrail.entries.filter((e) => e.kind === 'custody').map((e) => e.hash)).toEqual(
        custody.map((e) => e.hash),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
