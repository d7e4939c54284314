import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import sharp from 'sharp';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig, TASK_QUEUE } from '../../config';
import { attachmentSettingsOf, type AttachmentSettings } from '../../api/attachments/settings';
import { CustodyLedger } from '../../records';
import { useTimeSkippingWorker } from '../support/app-worker';
import { paddedPng, phonePhoto, statementPdf, zipBytes } from '../support/evidence-files';
import { bearerFor } from '../support/http-api';
import { waitFor } from '../support/wait';

// Evidence files through the real API and a real Temporal test server: upload, reference from a step, download with
// its chain of custody, and every refusal (size, type by content, unknown or foreign hash, other site, confidential).
Runtime.install({ logger: new DefaultLogger('WARN') });
let env: TestWorkflowEnvironment;
let app: ReturnType<typeof createApp>;
const config = loadConfig();
// Someone from loss prevention at another site only.
config.users.set('lp_far', {
  ...config.users.get('lp_officer')!,
  id: 'lp_far',
  roles: { 'huarun-market': ['lp_officer'] },
});
const root = mkdtempSync(path.join(tmpdir(), 'procwf-files-'));
const settings: AttachmentSettings = {
  ...attachmentSettingsOf(config),
  maxFileBytes: 256 * 1024,
  maxCaseBytes: 600 * 1024,
  root,
};
useTimeSkippingWorker(TASK_QUEUE, (ready) => {
  env = ready;
  app = createApp({ client: env.client, config, logger: pino({ level: 'silent' }), attachments: settings });
});

const site = 'xinghe-mall';
const auth = bearerFor(() => app);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: request.Test) =>
  res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** Uploads `bytes` as `name` and expects `status`; answers the response. */
async function upload(caseId: string, user: string, bytes: Buffer, name: string, status: number, lang = 'zh-CN') {
  const res = await request(app)
    .post(`/api/cases/${caseId}/attachments`)
    .set('Authorization', await auth(user))
    .set('Accept-Language', lang)
    .attach('file', bytes, name);
  if (res.status !== status)
    throw new Error(`upload ${name}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

async function step(caseId: string, user: string, type: string, data: Record<string, unknown>) {
  return request(app)
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', await auth(user))
    .send({ type, data });
}

async function openTheft(caughtInAct = false) {
  const res = await request(app)
    .post('/api/cases')
    .set('Authorization', await auth('lp_officer'))
    .send({
      procedure: 'internal-theft',
      site,
      data: { suspect: { name: '王某' }, account: '员工通道带出白酒', caughtInAct, rulesAcknowledged: true },
    })
    .expect(201);
  return res.body as { caseId: string; state: string; history: unknown[] };
}

async function openComplaint() {
  const res = await request(app)
    .post('/api/cases')
    .set('Authorization', await auth('cs_agent'))
    .send({
      procedure: 'complaint',
      // The home-decoration contractor runs the complaint (version 2, issue 19).
      site: 'jiayi-decoration',
      data: {
        customer: { name: '张女士', phone: '13800138000' },
        channel: 'phone',
        location: '星河湾 3 栋 1201',
        category: 'workmanship',
        description: '地面破损',
        request: '尽快修复',
        declinesFollowUp: true,
      },
    })
    .expect(201);
  return res.body as { caseId: string };
}

const filesOf = async (caseId: string, user = 'lp_officer') =>
  (
    await request(app)
      .get(`/api/cases/${caseId}/attachments`)
      .set('Authorization', await auth(user))
      .expect(200)
  ).body as {
    files: Array<{ sha256: string; name: string; type: string; takenAt?: string; place?: object }>;
    custody: Array<{ action: string; sha256: string; by: { id: string; roles: string[] }; at: string }>;
    intact: boolean;
  };

const staging = () => (existsSync(path.join(root, 'staging')) ? readdirSync(path.join(root, 'staging')) : []);

describe('uploading a file to a case', () => {
  it('stores a photo by its sha256, typed by content, with EXIF capture time and place', async () => {
    const { caseId } = await openTheft();
    const photo = await phonePhoto();
    const res = await upload(caseId, 'lp_officer', photo, '现场.jpg', 201);
    expect(res.body).toEqual({
      sha256: sha(photo),
      size: photo.length,
      name: '现场.jpg',
      type: 'image/jpeg',
      uploadedAt: expect.any(String),
      takenAt: '2026-11-30T14:05:00+08:00',
      place: { latitude: 31.233889, longitude: 121.466667 },
    });
    const stored = path.join(root, 'blobs', sha(photo).slice(0, 2), sha(photo).slice(2, 4), sha(photo));
    expect(existsSync(stored)).toBe(true);
    expect(staging()).toEqual([]);
  });

  it('takes a PDF, and a PNG named .pdf as the PNG it is', async () => {
    const { caseId } = await openTheft();
    const pdf = await statementPdf();
    expect((await upload(caseId, 'lp_officer', pdf, 'statement.pdf', 201)).body.type).toBe('application/pdf');
    const png = await paddedPng(100);
    expect((await upload(caseId, 'lp_officer', png, 'scan.pdf', 201)).body.type).toBe('image/png');
  });

  it('refuses a file over the per-file limit and keeps nothing', async () => {
    const { caseId } = await openTheft();
    const big = await paddedPng(settings.maxFileBytes + 1);
    const res = await upload(caseId, 'lp_officer', big, 'big.png', 413, 'en');
    expect(res.body).toMatchObject({ type: 'urn:problem:file-too-large', status: 413 });
    expect(res.body.detail).toBe('A file may be at most 0.3 MiB');
    const zh = await upload(caseId, 'lp_officer', big, 'big.png', 413);
    expect(zh.body.detail).toBe('单个文件不能超过 0.3 MiB');
    expect(
      await request(app)
        .get(`/api/cases/${caseId}/attachments`)
        .set('Authorization', await auth('lp_officer')),
    ).toMatchObject({ body: { files: [], custody: [] } });
    expect(existsSync(path.join(root, 'blobs', sha(big).slice(0, 2), sha(big).slice(2, 4), sha(big)))).toBe(false);
    expect(staging()).toEqual([]);
  });

  it('takes a file of exactly the per-file limit, and one that exactly fills the case', async () => {
    const { caseId } = await openTheft();
    const atLimit = await paddedPng(settings.maxFileBytes, '#010');
    expect((await upload(caseId, 'lp_officer', atLimit, 'at-limit.png', 201)).body.size).toBe(settings.maxFileBytes);
    await upload(caseId, 'lp_officer', await paddedPng(settings.maxFileBytes, '#020'), 'second.png', 201);
    const room = settings.maxCaseBytes - 2 * settings.maxFileBytes; // under the per-file limit
    expect((await upload(caseId, 'lp_officer', await paddedPng(room, '#040'), 'fills.png', 201)).body.size).toBe(room);
    const over = await upload(caseId, 'lp_officer', await paddedPng(100, '#030'), 'one-more.png', 413);
    expect(over.body.type).toBe('urn:problem:case-files-full');
  });

  it('refuses files past the per-case total', async () => {
    const { caseId } = await openTheft();
    await upload(caseId, 'lp_officer', await paddedPng(250 * 1024, '#100'), 'a.png', 201);
    await upload(caseId, 'lp_officer', await paddedPng(250 * 1024, '#200'), 'b.png', 201);
    const third = await upload(caseId, 'lp_officer', await paddedPng(250 * 1024, '#300'), 'c.png', 413);
    expect(third.body.type).toBe('urn:problem:case-files-full');
    expect((await filesOf(caseId)).files.map((f) => f.name)).toEqual(['a.png', 'b.png']);
  });

  it('refuses content that is not a photo or PDF, whatever its name says', async () => {
    const { caseId } = await openTheft();
    const zip = await upload(caseId, 'lp_officer', zipBytes(), 'photo.jpg', 422, 'en');
    expect(zip.body).toMatchObject({ type: 'urn:problem:unsupported-file-type', found: 'application/zip' });
    const text = await upload(caseId, 'lp_officer', Buffer.from('just some text, named like a PDF'), 'x.pdf', 422);
    expect(text.body).toMatchObject({ type: 'urn:problem:unsupported-file-type', found: 'unknown' });
    expect(text.body.detail).toMatch(/^文件内容不是允许的类型/);
    expect((await filesOf(caseId)).files).toEqual([]);
    expect(staging()).toEqual([]);
  });

  it('keeps nothing a step can reference of an upload cut off midway', async () => {
    const { caseId } = await openTheft();
    const whole = await paddedPng(200 * 1024, '#0a0');
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const boundary = 'cut-off-upload';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      );
      const req = httpRequest({
        port,
        method: 'POST',
        path: `/api/cases/${caseId}/attachments`,
        headers: {
          Authorization: await auth('lp_officer'),
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + whole.length + boundary.length + 8),
        },
      });
      req.on('error', () => undefined); // the test cuts the connection itself
      req.write(Buffer.concat([head, whole.subarray(0, 64 * 1024)]));
      // The server is staging the first part of the file; then the phone loses its connection.
      await waitFor(() => staging().length === 1, { what: 'the upload in staging' });
      req.destroy();
      await waitFor(() => staging().length === 0, { what: 'staging to be emptied' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await filesOf(caseId)).custody).toEqual([]);
    expect(existsSync(path.join(root, 'blobs', sha(whole).slice(0, 2), sha(whole).slice(2, 4), sha(whole)))).toBe(
      false,
    );
    const referenced = await step(caseId, 'lp_officer', 'evidence_added', {
      kind: 'photo',
      description: '断网前上传的一半',
      attachments: [{ name: 'cut.png', sha256: sha(whole), size: whole.length }],
    });
    expect(referenced.status).toBe(422);
    expect(referenced.body.type).toBe('urn:problem:unknown-attachment');
  });

  it('refuses a request that is not multipart or has no file part', async () => {
    const { caseId } = await openTheft();
    const json = await request(app)
      .post(`/api/cases/${caseId}/attachments`)
      .set('Authorization', await auth('lp_officer'))
      .send({ file: 'x' })
      .expect(422);
    expect(json.body.type).toBe('urn:problem:not-multipart');
    const noFile = await request(app)
      .post(`/api/cases/${caseId}/attachments`)
      .set('Authorization', await auth('lp_officer'))
      .field('note', 'no file')
      .expect(422);
    expect(noFile.body.type).toBe('urn:problem:not-multipart');
  });

  it('is 404 to a user of another site, to a role outside a confidential case, and for no case', async () => {
    const { caseId } = await openTheft();
    const photo = await phonePhoto('#123');
    const far = await upload(caseId, 'lp_far', photo, 'p.jpg', 404);
    expect(far.body.type).toBe('urn:problem:no-such-case');
    await upload(caseId, 'cs_agent', photo, 'p.jpg', 404); // works at the site, but not in loss prevention
    await upload(`internal-theft-${site}-01JNOSUCHCASE000000000000`, 'lp_officer', photo, 'p.jpg', 404);
    expect((await filesOf(caseId)).files).toEqual([]);
  });
});

describe('referencing a file from a step', () => {
  it('is refused (422) for an unknown hash, another case’s file or a wrong size, and changes nothing', async () => {
    const { caseId } = await openTheft();
    const other = await openTheft();
    const photo = await phonePhoto('#456');
    const mine = (await upload(caseId, 'lp_officer', photo, 'mine.jpg', 201)).body;
    const theirs = (await upload(other.caseId, 'lp_officer', await phonePhoto('#789'), 'theirs.jpg', 201)).body;
    const evidence = (attachments: object[]) => ({ kind: 'photo', description: '现场照片', attachments });
    const ref = (f: { name: string; sha256: string; size: number }) => ({
      name: f.name,
      sha256: f.sha256,
      size: f.size,
    });

    const unknown = await step(
      caseId,
      'lp_officer',
      'evidence_added',
      evidence([ref({ ...mine, sha256: 'f'.repeat(64) })]),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      type: 'urn:problem:unknown-attachment',
      issues: [{ path: 'body.data.attachments.0.sha256' }],
    });
    const foreign = await step(caseId, 'lp_officer', 'evidence_added', evidence([ref(mine), ref(theirs)]));
    expect(foreign.status).toBe(422);
    expect(foreign.body.issues).toEqual([expect.objectContaining({ path: 'body.data.attachments.1.sha256' })]);
    const wrongSize = await step(caseId, 'lp_officer', 'evidence_added', evidence([{ ...ref(mine), size: 1 }]));
    expect(wrongSize.status).toBe(422);
    expect(wrongSize.body.issues).toEqual([expect.objectContaining({ path: 'body.data.attachments.0.size' })]);
    // Someone who may not see the case learns nothing about its files.
    expect((await step(caseId, 'lp_far', 'evidence_added', evidence([ref(mine)]))).status).toBe(404);

    const view = await request(app)
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('lp_officer'));
    expect(view.body.history).toHaveLength(0); // no step taken: the intake is not a step
    const accepted = await step(caseId, 'lp_officer', 'evidence_added', evidence([ref(mine)]));
    expect(accepted.status).toBe(200);
    expect(accepted.body.history).toHaveLength(1);
  });
});

describe('downloading a file', () => {
  it('hands out the bytes and an upright thumbnail, and records each view and download', async () => {
    const { caseId } = await openTheft();
    const photo = await phonePhoto('#abc');
    const { sha256 } = (await upload(caseId, 'lp_officer', photo, 'door.jpg', 201)).body;
    const file = await binary(
      request(app)
        .get(`/api/cases/${caseId}/attachments/${sha256}`)
        .set('Authorization', await auth('lp_supervisor')),
    ).expect(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''door.jpg`);
    expect(sha(file.body as Buffer)).toBe(sha256);
    // An <img> cannot send a header: the browser's session cookie, set at sign-in, signs it in. Never a URL token.
    const token = (await auth('executive')).slice('Bearer '.length);
    const thumbnailUrl = `/api/cases/${caseId}/attachments/${sha256}/thumbnail`;
    await request(app).get(`${thumbnailUrl}?access_token=${token}`).expect(401);
    const thumb = await binary(request(app).get(thumbnailUrl).set('Cookie', `procwf_session=${token}`)).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.body as Buffer).metadata();
    // Stored 40×20 with orientation 6: shown upright as 20×40, without EXIF (no GPS leaks through a thumbnail).
    expect([meta.width, meta.height, meta.orientation ?? 1, meta.exif]).toEqual([20, 40, 1, undefined]);

    const { custody, intact } = await filesOf(caseId);
    expect(custody.map((c) => [c.action, c.by.id, c.by.roles])).toEqual([
      ['uploaded', 'lp_officer', ['lp_officer']],
      ['downloaded', 'lp_supervisor', ['lp_supervisor']],
      ['viewed', 'executive', ['executive']],
    ]);
    expect(custody.every((c) => c.sha256 === sha256 && !Number.isNaN(Date.parse(c.at)))).toBe(true);
    expect(intact).toBe(true);
  });

  it('is 404 to users who may not see the case, and for a file of another case; none of it is recorded', async () => {
    const { caseId } = await openTheft();
    const other = await openTheft();
    const { sha256 } = (await upload(caseId, 'lp_officer', await phonePhoto('#def'), 'x.jpg', 201)).body;
    for (const user of ['lp_far', 'cs_agent', 'monitor_guard']) {
      const res = await request(app)
        .get(`/api/cases/${caseId}/attachments/${sha256}`)
        .set('Authorization', await auth(user));
      expect([user, res.status, res.body.type]).toEqual([user, 404, 'urn:problem:no-such-case']);
      await request(app)
        .get(`/api/cases/${caseId}/attachments/${sha256}/thumbnail`)
        .set('Authorization', await auth(user))
        .expect(404);
    }
    const foreign = await request(app)
      .get(`/api/cases/${other.caseId}/attachments/${sha256}`)
      .set('Authorization', await auth('lp_officer'))
      .expect(404);
    expect(foreign.body.type).toBe('urn:problem:no-such-attachment');
    expect((await filesOf(caseId)).custody.map((c) => c.action)).toEqual(['uploaded']);
    expect((await filesOf(other.caseId)).custody).toEqual([]);
  });

  it('serves a non-confidential case’s files to its site’s staff and no thumbnail for a PDF', async () => {
    const { caseId } = await openComplaint();
    const pdf = await statementPdf('Repair quote');
    const { sha256 } = (await upload(caseId, 'cs_agent', pdf, 'quote.pdf', 201)).body;
    const res = await binary(
      request(app)
        .get(`/api/cases/${caseId}/attachments/${sha256}`)
        .set('Authorization', await auth('dept_manager')),
    ).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const thumb = await request(app)
      .get(`/api/cases/${caseId}/attachments/${sha256}/thumbnail`)
      .set('Authorization', await auth('dept_manager'))
      .set('Accept-Language', 'en')
      .expect(404);
    expect(thumb.body).toMatchObject({ type: 'urn:problem:no-thumbnail', detail: 'This file has no thumbnail' });
    expect((await filesOf(caseId, 'cs_agent')).custody.map((c) => [c.action, c.by.id])).toEqual([
      ['uploaded', 'cs_agent'],
      ['downloaded', 'dept_manager'],
    ]);
  });

  it('detects an edited line in the chain of custody', async () => {
    const { caseId } = await openTheft();
    await upload(caseId, 'lp_officer', await phonePhoto('#0f0'), 'y.jpg', 201);
    const ledger = new CustodyLedger(root);
    expect(await ledger.verify(caseId)).toBeNull();
    const file = path.join(root, 'cases', caseId, 'custody.jsonl');
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"lp_officer"', '"someone_else"'));
    expect(await ledger.verify(caseId)).toBe(1);
    expect((await filesOf(caseId)).intact).toBe(false);
  });
});

describe('the internal-theft procedure with real files', () => {
  it('runs from a caught-in-the-act report with photos and a signed PDF statement to leadership’s decision', async () => {
    const { caseId } = await openTheft(true);
    const goodsPhoto = (await upload(caseId, 'lp_officer', await phonePhoto('#a11'), '白酒.jpg', 201)).body;
    const statement = (await upload(caseId, 'lp_officer', await statementPdf('I admit'), '陈述书.pdf', 201)).body;
    const cctv = (await upload(caseId, 'lp_officer', await paddedPng(4096, '#a22'), 'cctv-1802.png', 201)).body;
    const ref = (f: { name: string; sha256: string; size: number }) => ({
      name: f.name,
      sha256: f.sha256,
      size: f.size,
    });
    const ok = async (user: string, type: string, data: Record<string, unknown>) => {
      const res = await step(caseId, user, type, data);
      if (res.status !== 200) throw new Error(`${type}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { state: string; context: Record<string, unknown> };
    };
    const goods = {
      items: [{ description: '白酒', quantity: 2, value: 199.9 }],
      recoveredInFull: true,
      attachments: [ref(goodsPhoto)],
    };
    // 内盗 二.2(1): a caught employee is handled by an assistant supervisor or above, not a plain LP officer.
    const refused = await step(caseId, 'lp_officer', 'goods_recovered', goods);
    expect([refused.status, refused.body.type]).toEqual([403, expect.stringContaining('role-not-allowed')]);
    await ok('lp_assistant_supervisor', 'goods_recovered', goods);
    await ok('lp_officer', 'statement_taken', {
      admittedVoluntarily: true,
      summary: '承认拿了两瓶酒',
      attachments: [ref(statement)],
      employeeKeptApart: true,
    });
    await ok('lp_assistant_supervisor', 'supervisor_arrived', {});
    await ok('lp_officer', 'evidence_added', {
      kind: 'cctv_footage',
      description: '员工通道监控 18:02',
      attachments: [ref(cctv)],
    });
    await ok('lp_officer', 'reported_to_supervisor', {
      suspectProfile: '入职两年',
      account: '18:02 经员工通道带出两瓶白酒',
      nothingWithheld: true,
      keptWithinLossPrevention: true,
    });
    await ok('lp_supervisor', 'review_done', {
      verdict: 'facts_established',
      factsClear: true,
      evidenceConclusive: true,
      goodsDescription: '白酒两瓶',
      goodsValue: 199.9,
      findings: '监控与陈述一致',
    });
    await ok('lp_assistant_supervisor', 'employee_account_recorded', {
      outcome: 'given',
      position: 'admits',
      summary: '承认拿了两瓶酒',
      attachments: [ref(statement)],
    });
    const proposed = await ok('lp_supervisor', 'outcome_proposed', {
      dismissal: true,
      compensationMultiple: 2,
      residenceNotice: false,
      reasoning: '初犯',
    });
    expect(proposed.state).toBe('awaitingLeadershipDecision');
    const decided = await ok('executive', 'leadership_decided', { decision: 'approved' });
    expect(decided.state).toBe('concluding');
    const view = await request(app)
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('lp_supervisor'));
    const recorded = (view.body.history as Array<{ type: string; data?: { attachments?: Array<{ sha256: string }> } }>)
      .flatMap((h) => h.data?.attachments ?? [])
      .map((a) => a.sha256);
    expect(recorded.sort()).toEqual([goodsPhoto.sha256, statement.sha256, statement.sha256, cctv.sha256].sort());
    // Each file comes back as it went in.
    for (const f of [goodsPhoto, statement, cctv]) {
      const res = await binary(
        request(app)
          .get(`/api/cases/${caseId}/attachments/${f.sha256}`)
          .set('Authorization', await auth('executive')),
      ).expect(200);
      expect(sha(res.body as Buffer)).toBe(f.sha256);
    }
  });
});

describe('files in the case’s documents and export', () => {
  /** Runs a poppler tool on the PDF (pdftotext, pdfimages) and answers what it printed. */
  const poppler = (tool: string, args: string[], pdf: Buffer) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'procwf-pdf-')), 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  };

  it('prints each file with a thumbnail, its caption and SHA-256, records the view, and exports files and custody', async () => {
    const opened = await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('monitor_guard'))
      .send({ procedure: 'perimeter-alarm', site: 'chengshi-garden', data: { zone: '北围墙-3' } })
      .expect(201);
    const id = opened.body.caseId as string;
    const photo = (await upload(id, 'monitor_guard', await phonePhoto('#36c'), '围墙破口.jpg', 201)).body;
    const statement = (await upload(id, 'monitor_guard', await statementPdf('witness'), '证言.pdf', 201)).body;

    const pdf = await binary(
      request(app)
        .get(`/api/cases/${id}/documents/incident-report`)
        .set('Authorization', await auth('squad_leader'))
        .set('Accept-Language', 'zh-CN'),
    ).expect(200);
    const text = poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], pdf.body as Buffer);
    expect(text).toContain('附件与证据');
    for (const f of [photo, statement]) {
      expect(text).toContain(f.name);
      expect(text).toContain(`SHA-256 ${f.sha256}`);
    }
    expect(text).toContain('拍摄：2026-11-30 14:05:00+08:00'); // the photo's EXIF capture time beside its upload
    expect(text).toContain('（无缩略图）'); // the PDF statement has none
    // One picture: the photo's thumbnail (the PDF file gets an empty frame).
    const images = poppler('pdfimages', ['-list'], pdf.body as Buffer)
      .split('\n')
      .filter((l) => /^\s*\d+\s+\d+\s+image/.test(l));
    expect(images).toHaveLength(1);

    // Printing handed the photo out: a view by the squad leader, none for the PDF file.
    const files = await filesOf(id, 'squad_leader');
    expect(files.custody.map((c) => [c.action, c.sha256, c.by.id])).toEqual([
      ['uploaded', photo.sha256, 'monitor_guard'],
      ['uploaded', statement.sha256, 'monitor_guard'],
      ['viewed', photo.sha256, 'squad_leader'],
    ]);

    const exported = await request(app)
      .get(`/api/cases/${id}/export`)
      .set('Authorization', await auth('squad_leader'))
      .expect(200);
    expect(exported.body.files.files.map((f: { sha256: string }) => f.sha256)).toEqual([
      photo.sha256,
      statement.sha256,
    ]);
    expect(exported.body.files.custody).toEqual(files.custody);
    expect(exported.body.files.intact).toBe(true);
    // Exporting reads; it records nothing.
    expect((await filesOf(id, 'squad_leader')).custody).toHaveLength(3);
  });
});
