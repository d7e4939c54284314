import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { getProcedure, newestProcedures } from '../../workflows/procedures';
import { useTimeSkippingWorker } from '../support/app-worker';
import { bearerFor } from '../support/http-api';

// A procedure added with its folder and registry line only (residential-theft, built from the scaffold) is served,
// started, stepped and closed by the API that knows nothing about it: no route, schema or config names it.
Runtime.install({ logger: new DefaultLogger('WARN') });
let app: ReturnType<typeof createApp>;
useTimeSkippingWorker(TASK_QUEUE, (env: TestWorkflowEnvironment) => {
  app = createApp({ client: env.client, config: loadConfig(), logger: pino({ level: 'silent' }) });
});

const auth = bearerFor(() => app);

const id = 'residential-theft';
const site = 'chengshi-garden';

describe('a procedure added by its folder and registry line', () => {
  it('is listed with every other procedure, in both languages', async () => {
    const zh = await request(app)
      .get('/api/procedures')
      .set('Authorization', await auth('cs_agent'))
      .expect(200);
    expect(zh.body.procedures.map((p: { id: string }) => p.id)).toEqual(newestProcedures().map((p) => p.id));
    expect(zh.body.procedures.find((p: { id: string }) => p.id === id)).toMatchObject({
      name: '住宅盗窃事件处理',
      numberPrefix: 'ZD',
      version: getProcedure(id).version,
    });
    const en = await request(app)
      .get(`/api/procedures/${id}`)
      .set('Authorization', await auth('cs_agent'))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(en.body).toMatchObject({ id, name: 'Residential theft', language: 'en' });
    expect(en.body.states.map((s: { id: string }) => s.id)).toContain('responding.scene.securingScene');
    expect(en.body.events.find((e: { type: string }) => e.type === 'scene_secured')).toMatchObject({
      label: 'Scene guarded',
      schema: { type: 'object', properties: { sceneUntouched: { const: true } } },
    });
    expect(en.body.timers.find((t: { id: string }) => t.id === 'scene_guard')).toMatchObject({
      deadline: expect.any(String),
    });
    expect(en.body.diagram).toContain(
      'responding_scene_securingScene --> responding_scene_controllingExits : scene_secured',
    );
    // The time-skipping server has no visibility: the count of open cases per version is unknown, not wrong.
    expect(en.body.versions).toEqual([
      { version: 1, openCases: null },
      { version: 2, openCases: null },
      { version: 3, openCases: null },
    ]);
    const v1 = await request(app)
      .get(`/api/procedures/${id}?version=1`)
      .set('Authorization', await auth('cs_agent'))
      .expect(200);
    expect(v1.body).toMatchObject({ version: 1, versions: en.body.versions });
    expect(v1.body.diagram).toContain('securingScene --> awaitingResident : scene_secured');
  });

  it('is described by the OpenAPI document without naming it: a case names its procedure by id', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    const text = JSON.stringify(doc);
    for (const other of ['perimeter-alarm', 'store-theft', 'internal-theft']) {
      // Wherever the document lists procedure ids as an enum, the new one must be there too.
      if (text.includes(`"enum":["${other}"`)) expect(text).toContain(id);
    }
    expect(doc.paths['/cases'] ?? doc.paths['/api/cases']).toBeDefined();
  });

  it('opens a case, walks it to the end with the demo users of a residential site, and shows its version', async () => {
    const opened = await request(app)
      .post('/api/cases')
      .set('Authorization', await auth('patrol_guard'))
      .send({ procedure: id, site, data: { discoveredBy: 'staff', unit: '3-2-1201', description: 'door forced' } })
      .expect(201);
    expect(opened.body).toMatchObject({
      procedure: id,
      version: getProcedure(id).version,
      site,
      status: 'open',
      state: expect.stringContaining('responding.scene.securingScene'),
      allowedEventsForMe: expect.arrayContaining(['scene_secured']),
    });
    expect(opened.body.number).toMatch(/^ZD-\d{8}-\d{4}$/);
    const caseId = opened.body.caseId as string;
    const send = async (user: string, type: string, data: Record<string, unknown>, status = 200) =>
      (
        await request(app)
          .post(`/api/cases/${caseId}/events`)
          .set('Authorization', await auth(user))
          .send({ type, data })
          .expect(status)
      ).body;

    // A rule of the procedure, enforced without the API knowing it: nobody may enter the scene.
    const refused = await send(
      'patrol_guard',
      'scene_secured',
      { guards: ['孙伟'], sceneUntouched: false, outsidersKeptOut: true, exitsWatched: true },
      422,
    );
    expect(refused.issues[0].path).toBe('sceneUntouched');
    const steps = [
      [
        'patrol_guard',
        'scene_secured',
        { guards: ['孙伟'], sceneUntouched: true, outsidersKeptOut: true, exitsWatched: true },
      ],
      ['gate_guard', 'exits_controlled', { exitsChecked: true, entrySuspended: false }],
      // Version 3: the police are called at once (花园 4.2); the case number comes after the officers left.
      ['monitor_guard', 'police_called', { calledBy: 'estate' }],
      ['security_captain', 'police_arrived', { officerName: '赵', ledToScene: true }],
      ['cs_agent', 'resident_confirmed', { residentConfirmedLoss: true, loss: 'laptop' }],
      ['cs_agent', 'police_case_number_added', { policeCaseNumber: 'A-1' }],
      ['monitor_guard', 'cctv_reviewed', { cameras: ['B3'], findings: 'nothing', footageKept: true }],
      ['cs_agent', 'resident_followed_up', { outcome: 'police investigating' }],
      ['office_director', 'report_filed', { summary: 'all', cause: 'window' }],
    ] as const;
    for (const [user, type, data] of steps) await send(user, type, data);
    const closed = await request(app)
      .get(`/api/cases/${caseId}`)
      .set('Authorization', await auth('security_captain'))
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', state: 'closed', version: getProcedure(id).version });
    expect(closed.body.history.map((h: { type: string }) => h.type)).toEqual(steps.map(([, type]) => type));
  });
});
