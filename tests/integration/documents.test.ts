import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { useTimeSkippingWorker } from '../support/app-worker';
import { ManualClock } from '../support/clock';

// The perimeter case's printable documents (事故报告, 突发事件调查表): PDFs whose text is what the case recorded.
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
useTimeSkippingWorker(TASK_QUEUE, (ready) => {
  env = ready;
  // The API's clock in 郑军's day shift: since perimeter v3 the commander must be on duty by 城市花园's roster.
  const clock = new ManualClock(Date.parse('2026-12-02T10:00:00+08:00'));
  app = createApp({ client: env.client, config: loadConfig(), logger: pino({ level: 'silent' }), clock });
});

const site = 'chengshi-garden';
const tokens = new Map<string, string>();
async function auth(user: string) {
  if (!tokens.has(user)) {
    const res = await request(app).post('/api/auth/login').send({ username: user, password: 'demo123' }).expect(200);
    tokens.set(user, `Bearer ${res.body.token}`);
  }
  return tokens.get(user)!;
}

async function step(caseId: string, user: string, type: string, data: Record<string, unknown> = {}) {
  const res = await request(app)
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await auth(user))
    .send({ type, data });
  if (res.status !== 200) throw new Error(`${type}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The PDF's text as poppler's pdftotext reads it (layout kept, so CJK runs stay whole). */
function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'procwf-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Kept under test-artifacts/ so a person can look at what was printed. */
function keep(name: string, pdf: Buffer) {
  const dir = path.join(__dirname, '..', '..', 'test-artifacts', 'documents');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), pdf);
}

async function pdf(caseId: string, document: string, user: string, status: number, lang?: string) {
  const req = request(app)
    .get(`/api/cases/${caseId}/documents/${document}`)
    .set('Authorization', await auth(user))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  if (lang) req.set('Accept-Language', lang);
  const res = await req;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${String(res.body)}`);
  return res;
}

async function intrusionCaseWithTheft() {
  const opened = await request(app)
    .post('/api/cases')
    .set('Authorization', await auth('monitor_guard'))
    .send({ procedure: 'perimeter-alarm', site, data: { zone: '北围墙-3' } })
    .expect(201);
  const id = opened.body.caseId as string;
  await step(id, 'monitor_guard', 'patrol_dispatched', { patrol: ['孙伟', '周勇'], squadLeaderInformed: true });
  await env.sleep('3 minutes');
  await step(id, 'patrol_guard', 'patrol_arrived');
  // The commander is the squad leader of the staff records, on duty (perimeter-alarm v3, 城市花园 四.2, 七.4).
  await step(id, 'squad_leader', 'verdict_given', {
    verdict: 'intrusion',
    commander: 'squad_leader',
    captainInformed: true,
    officeInformed: true,
  });
  await step(id, 'patrol_guard', 'search_item_done', { item: 'exits_checked' });
  await step(id, 'squad_leader', 'outcome_recorded', {
    outcome: 'theft_thief_not_caught',
    sceneSealed: true,
    crowdDispersed: true,
  });
  // 七.11.2–3: customer service tells the resident, who confirms the loss and agrees to the police.
  await step(id, 'cs_agent', 'resident_informed', {
    residentInformed: true,
    residentConfirmedLoss: true,
    residentConsentsToPolice: true,
    loss: '3 号楼 502 室笔记本电脑一台',
  });
  // The police give no case number at the door; it is added when known.
  await step(id, 'gate_guard', 'police_arrived', {
    officerName: '李警官',
    badgeNumber: '041234',
    ledInByGateGuard: true,
    cctvProvided: true,
  });
  await step(id, 'squad_leader', 'police_case_number_added', { policeCaseNumber: 'JQ-2026-1125-77' });
  return { id, number: opened.body.number as string };
}

describe('printable documents of a perimeter case', () => {
  it('prints the incident report and the investigation form from what the case recorded, as drafts until closed', async () => {
    const { id, number } = await intrusionCaseWithTheft();
    const view = await request(app)
      .get(`/api/cases/${id}`)
      .set('Authorization', await auth('squad_leader'));
    expect(view.body.documents).toEqual(['incident-report', 'investigation-form']);

    const draft = await pdf(id, 'incident-report', 'squad_leader', 200);
    expect(draft.type).toBe('application/pdf');
    expect((draft.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const draftText = textOf(draft.body);
    expect(draftText).toContain('事故报告');
    expect(draftText).toContain('草稿：案件尚未结案');
    expect(draftText).toContain('（尚未提交）');

    await step(id, 'squad_leader', 'report_filed', { report: 'senior_management', summary: '已电话报告公司总经理。' });
    await step(id, 'cs_agent', 'report_filed', {
      report: 'investigation_form',
      summary: '住户称当晚 22 时离家,窗户未锁。',
      customerUnit: '某科技公司',
      customerUnitInformed: true,
    });
    const closed = await step(id, 'squad_leader', 'report_filed', {
      report: 'incident_report',
      summary: '北围墙 3 号防区报警,巡逻岗 3 分钟到场,确认入侵,住户失窃笔记本电脑一台,已报警。',
    });
    expect(closed.status).toBe('closed');

    const printed = (await pdf(id, 'incident-report', 'security_captain', 200)).body as Buffer;
    keep('incident-report.pdf', printed);
    const report = textOf(printed);
    for (const text of [
      '事故报告',
      number,
      '北围墙-3',
      '孙伟、周勇',
      '3 分钟', // 到场用时: the alarm at 0, the patrol on scene 3 minutes later (skipped time)
      '郑军', // the commander as the staff records name him
      '客户失窃，未抓获盗窃分子',
      '3 号楼 502 室笔记本电脑一台',
      '李警官',
      '041234',
      'JQ-2026-1125-77',
      '门岗检查登记所有出入人员',
      '巡逻岗到场时限',
      '按时完成',
      '巡逻岗已到场',
      '已电话报告公司总经理。',
      '巡逻岗 3 分钟到场,确认入侵',
      '保安班长',
    ]) {
      expect(report).toContain(text);
    }
    expect(report).not.toContain('草稿');

    const formPdf = (await pdf(id, 'investigation-form', 'cs_agent', 200)).body as Buffer;
    keep('investigation-form.pdf', formPdf);
    const form = textOf(formPdf);
    for (const text of [
      '突发事件调查表',
      number,
      '城市花园 / 北围墙-3',
      '周界报警应急处理',
      '住户称当晚 22 时离家',
      '客服',
    ]) {
      expect(form).toContain(text);
    }

    const english = textOf((await pdf(id, 'incident-report', 'squad_leader', 200, 'en')).body);
    expect(english).toContain('Incident report');
    expect(english).toContain('JQ-2026-1125-77');
    expect(english).toContain('Patrol on scene');
  });

  it('answers 404 for a document the procedure does not have, and for a case the caller may not see', async () => {
    const complaint = await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('cs_agent'))
      .send({
        procedure: 'complaint',
        site: 'jiayi-decoration',
        data: {
          customer: { name: '王女士', phone: '13800000000' },
          channel: 'phone',
          location: '星河湾 3 栋 1201',
          category: 'workmanship',
          description: '墙面开裂',
          request: '返工',
        },
      });
    expect(complaint.status).toBe(201);
    const none = await pdf(complaint.body.caseId, 'incident-report', 'cs_agent', 404);
    expect(JSON.parse(none.body.toString())).toMatchObject({ type: 'urn:problem:no-such-document' });

    // A confidential internal-theft case stays unseen by customer service, documents included.
    const confidential = await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('lp_officer'))
      .send({
        procedure: 'internal-theft',
        site: 'huarun-market',
        data: {
          suspect: { name: '张三', employeeNo: 'E1', department: '生鲜部' },
          account: '带出两瓶酒',
          rulesAcknowledged: true,
        },
      })
      .expect(201);
    const hidden = await pdf(confidential.body.caseId, 'incident-report', 'cs_agent', 404);
    expect(JSON.parse(hidden.body.toString())).toMatchObject({ type: 'urn:problem:no-such-case' });

    await pdf(complaint.body.caseId, '..%2Fetc', 'cs_agent', 422);
    const upper = await pdf(complaint.body.caseId, 'Incident', 'cs_agent', 422);
    expect(JSON.parse(upper.body.toString()).status).toBe(422);
  });
});
