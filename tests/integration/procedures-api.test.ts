import express from 'express';
import request from 'supertest';
import { setup } from 'xstate';
import { z } from 'zod';
import { requireUser } from '../../api/auth/router';
import { issueToken } from '../../api/auth/tokens';
import { proceduresRouter } from '../../api/procedures/router';
import { ProcedureDetailSchema, ProcedureListSchema } from '../../api/procedures/schemas';
import type { ProcedureDefinition } from '../../workflows/engine/definition';
import { ProcedurePolicySchema } from '../../workflows/engine/policy';
import { newestProcedures, procedures } from '../../workflows/procedures';
import { useTempDataDir } from '../support/app-worker';
import { apiAppOf } from '../support/api-app';

// The procedures routes need no Temporal: a small app with the real auth guard, the router and the error handler.
function appWith(registry?: readonly ProcedureDefinition[]) {
  return apiAppOf([express.json()], [requireUser, proceduresRouter(registry)]);
}

let auth: string;
const app = appWith();

beforeAll(async () => {
  useTempDataDir();
  const { token } = await issueToken({
    id: 'monitor_guard',
    name: 'Monitor',
    roles: { 'chengshi-garden': ['monitor_guard'] },
  });
  auth = `Bearer ${token}`;
});

type Detail = z.infer<typeof ProcedureDetailSchema>;
const get = (path: string, language?: string) => {
  const req = request(app).get(path).set('Authorization', auth);
  return language ? req.set('Accept-Language', language) : req;
};

describe('GET /api/procedures', () => {
  it('requires a token', async () => {
    const res = await request(app).get('/api/procedures').expect(401);
    expect(res.type).toBe('application/problem+json');
  });

  it('lists every registered procedure once, in Chinese by default', async () => {
    const res = await get('/api/procedures').expect(200);
    expect(res.headers['content-language']).toBe('zh-CN');
    const body = ProcedureListSchema.parse(res.body);
    expect(body.language).toBe('zh-CN');
    expect(body.procedures.map((p) => p.id).sort()).toEqual([...new Set(procedures.map((p) => p.id))].sort());
    expect(body.procedures.find((p) => p.id === 'perimeter-alarm')).toEqual({
      id: 'perimeter-alarm',
      version: 3,
      numberPrefix: 'ZJ',
      name: '周界报警应急处理',
      description: expect.stringContaining('5 分钟'),
      startRoles: ['monitor_guard', 'squad_leader', 'security_captain'],
    });
    // The list answers each procedure's newest version (what a new case gets).
    for (const def of newestProcedures()) {
      const listed = body.procedures.find((p) => p.id === def.id)!;
      expect(listed.name).toBe(def.i18n['zh-CN'].name);
      expect(listed.startRoles).toEqual([...def.start.roles]);
      expect(listed.visibleTo).toEqual(def.visibleTo ? [...def.visibleTo] : undefined);
    }
  });

  it('answers in English when asked', async () => {
    const res = await get('/api/procedures', 'en-GB,en;q=0.9').expect(200);
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    const perimeter = res.body.procedures.find((p: { id: string }) => p.id === 'perimeter-alarm');
    expect(perimeter.name).toBe('Perimeter alarm response');
  });
});

describe('GET /api/procedures/:id', () => {
  it('gives the perimeter-alarm definition: states, events with JSON Schema, timers, diagram, i18n', async () => {
    // Version 1's definition, as its open cases ask for it (version 2 is below, with every version).
    const res = await get('/api/procedures/perimeter-alarm?version=1', 'en').expect(200);
    const def = ProcedureDetailSchema.parse(res.body);
    expect(def).toMatchObject({ id: 'perimeter-alarm', version: 1, numberPrefix: 'ZJ', language: 'en' });

    expect(def.states.find((s) => s.id === 'responding')).toMatchObject({
      parent: null,
      type: 'compound',
      name: 'Responding',
      guidance: expect.stringContaining('within 5 minutes'),
      events: ['patrol_arrived'],
      timers: ['patrol_arrival'],
    });
    expect(def.states.find((s) => s.id === 'responding.awaitingDispatch')).toMatchObject({
      parent: 'responding',
      type: 'atomic',
      name: 'Patrol to be dispatched',
      events: ['patrol_dispatched'],
      timers: ['dispatch'],
    });
    expect(def.states.find((s) => s.id === 'closedFalseAlarm')).toMatchObject({ type: 'final' });

    const verdict = def.events.find((e) => e.type === 'verdict_given')!;
    expect(verdict.label).toBe('Verdict');
    expect(verdict.roles).toEqual(['patrol_guard', 'squad_leader', 'security_captain', 'office_director']);
    expect(verdict.schema).toMatchObject({ type: 'object', oneOf: expect.any(Array) });
    expect(verdict.fields).toMatchObject({
      verdict: 'Verdict',
      cause: 'Cause of the false alarm',
      panelReset: 'Panel reset',
    });
    expect(verdict.values).toMatchObject({ false_alarm: 'False alarm', intrusion: 'Intrusion', other: 'Other' });

    const dispatched = def.events.find((e) => e.type === 'patrol_dispatched')!;
    expect(dispatched.schema).toMatchObject({
      type: 'object',
      properties: { patrol: { type: 'array', minItems: 1 }, squadLeaderInformed: { const: true } },
      required: expect.arrayContaining(['patrol', 'squadLeaderInformed']),
    });

    // The intake schema is the input side: `source` has a default, so a client may leave it out.
    expect(def.start.roles).toEqual(['monitor_guard', 'squad_leader', 'security_captain']);
    expect(def.start.schema).toMatchObject({ type: 'object', required: ['zone'] });
    expect(def.start.fields).toMatchObject({ zone: 'Alarm zone' });

    expect(def.timers.find((t) => t.id === 'patrol_arrival')).toEqual({
      id: 'patrol_arrival',
      name: 'Patrol arrival deadline',
      deadline: 'PT5M',
      ladder: [
        { role: 'squad_leader', after: 'PT0S', channels: ['in_app'] },
        { role: 'security_captain', after: 'PT5M', channels: ['in_app', 'email'] },
      ],
      states: ['responding'],
    });
    expect(def.diagram).toContain('assessing --> searching : verdict_given [saysIntrusion]');
    expect(def.i18n.en).toMatchObject({ name: 'Perimeter alarm response' });
    expect(def.i18n['zh-CN']).toMatchObject({ name: '周界报警应急处理' });
    expect(def.visibleTo).toBeUndefined();
  });

  it('lists every version of a procedure; open cases are unknown without a workflow service', async () => {
    for (const id of new Set(procedures.map((p) => p.id))) {
      const res = await get(`/api/procedures/${id}`).expect(200);
      const body = ProcedureDetailSchema.parse(res.body);
      const versions = procedures.filter((p) => p.id === id).map((p) => p.version);
      expect(body.versions).toEqual(versions.sort((a, b) => a - b).map((version) => ({ version, openCases: null })));
      expect(body.version).toBe(Math.max(...versions));
    }
  });

  it('labels in Chinese by default', async () => {
    const res = await get('/api/procedures/perimeter-alarm').expect(200);
    expect(res.headers['content-language']).toBe('zh-CN');
    const def = res.body as Detail;
    expect(def.name).toBe('周界报警应急处理');
    expect(def.states.find((s) => s.id === 'assessing')!.name).toBe('现场判定');
    expect(def.events.find((e) => e.type === 'verdict_given')!.values.false_alarm).toBe('误报');
  });

  // Every version of every procedure, as a case of that version asks for it.
  describe.each(procedures.map((def) => [`${def.id} v${def.version}`, def] as const))('%s', (_name, registered) => {
    let def: Detail;
    beforeAll(async () => {
      const path = `/api/procedures/${registered.id}?version=${registered.version}`;
      def = ProcedureDetailSchema.parse((await get(path, 'en').expect(200)).body);
    });

    it('lists every event with an object JSON Schema, its roles and a label', () => {
      expect(def.events.map((e) => e.type)).toEqual(Object.keys(registered.events));
      for (const event of def.events) {
        expect(event.schema).toMatchObject({ type: 'object' });
        expect(event.roles).toEqual([...registered.events[event.type]!.roles]);
        expect(event.label).toBe(
          registered.i18n.en.events && (registered.i18n.en.events as Record<string, string>)[event.type],
        );
      }
      expect(def.start.schema).toMatchObject({ type: 'object' });
    });

    it('lists every state of the machine with a name, and every timer of the default policy', () => {
      expect(def.states.length).toBeGreaterThan(0);
      for (const state of def.states) expect(state.name).toBeTruthy();
      const policy = ProcedurePolicySchema.parse(registered.policy);
      expect(def.timers.map((t) => t.id).sort()).toEqual(
        [...new Set([...Object.keys(policy.deadlines), ...Object.keys(policy.ladders)])].sort(),
      );
      // A deadline that no state of the machine starts would never fire.
      for (const timer of def.timers.filter((t) => policy.deadlines[t.id])) expect(timer.states).not.toEqual([]);
      expect(def.diagram.startsWith('stateDiagram-v2\n')).toBe(true);
      expect(def.visibleTo).toEqual(registered.visibleTo ? [...registered.visibleTo] : undefined);
    });
  });

  it('answers 404 as problem+json for an unknown procedure or version, 422 for a bad version', async () => {
    const missing = await get('/api/procedures/no-such-thing', 'en').expect(404);
    expect(missing.type).toBe('application/problem+json');
    expect(missing.body).toMatchObject({ type: 'urn:problem:no-such-procedure', status: 404, title: 'Not found' });
    expect(missing.body.procedures).toEqual(expect.arrayContaining(['perimeter-alarm']));
    await get('/api/procedures/perimeter-alarm?version=99').expect(404);
    await get('/api/procedures/perimeter-alarm?version=1').expect(200);
    const bad = await get('/api/procedures/perimeter-alarm?version=first').expect(422);
    expect(bad.body.issues[0].path).toBe('query.version');
  });
});

describe('a procedure added to the registry', () => {
  // Another procedure, with a parallel state and a union event, shows up with no change to the router.
  const machine = setup({ guards: { isSerious: () => true }, delays: { triage: 1000 } }).createMachine({
    id: 'spill',
    initial: 'cleaning',
    states: {
      cleaning: {
        type: 'parallel',
        onDone: 'closed',
        states: {
          floor: { initial: 'wet', states: { wet: { on: { mopped: 'dry' } }, dry: { type: 'final' } } },
          signs: {
            initial: 'missing',
            states: {
              missing: { after: { triage: 'missing' }, on: { sign_placed: 'placed' } },
              placed: { type: 'final' },
            },
          },
        },
      },
      closed: { type: 'final' },
    },
  });
  const spill: ProcedureDefinition = {
    id: 'spill',
    version: 2,
    numberPrefix: 'SP',
    machine,
    start: { schema: z.object({ aisle: z.string() }), roles: ['cleaner'] },
    example: { by: 'cleaner', data: { aisle: 'B3' } },
    events: {
      mopped: {
        schema: z.discriminatedUnion('how', [
          z.object({ how: z.literal('mop') }),
          z.object({ how: z.literal('machine'), machineId: z.string() }),
        ]),
        roles: ['cleaner'],
      },
      sign_placed: { schema: z.object({}), roles: ['cleaner', 'guard'] },
    },
    policy: { deadlines: { triage: 'PT10M' }, ladders: { triage: [{ role: 'floor_manager' }] } },
    i18n: {
      'zh-CN': { name: '地面溢洒', description: '清理', fields: { how: '方式' }, values: { mop: '拖把' } },
      en: { name: 'Spill', description: 'Clean up', events: { mopped: 'Mopped' }, fields: { how: 'How' } },
    },
  };
  const extended = appWith([...procedures, spill]);

  it('is listed and described', async () => {
    const list = await request(extended).get('/api/procedures').set('Authorization', auth).expect(200);
    expect(list.body.procedures.map((p: { id: string }) => p.id)).toContain('spill');
    const res = await request(extended)
      .get('/api/procedures/spill')
      .set('Authorization', auth)
      .set('Accept-Language', 'en')
      .expect(200);
    const def = ProcedureDetailSchema.parse(res.body);
    expect(def.states.map((s) => [s.id, s.type])).toEqual([
      ['cleaning', 'parallel'],
      ['cleaning.floor', 'compound'],
      ['cleaning.floor.wet', 'atomic'],
      ['cleaning.floor.dry', 'final'],
      ['cleaning.signs', 'compound'],
      ['cleaning.signs.missing', 'atomic'],
      ['cleaning.signs.placed', 'final'],
      ['closed', 'final'],
    ]);
    const mopped = def.events.find((e) => e.type === 'mopped')!;
    expect(mopped).toMatchObject({ label: 'Mopped', fields: { how: 'How' }, values: {} });
    expect(mopped.schema).toMatchObject({ type: 'object', oneOf: expect.any(Array) });
    // Labels missing from a bundle fall back to the ids.
    expect(def.events.find((e) => e.type === 'sign_placed')!.label).toBe('sign_placed');
    expect(def.timers).toEqual([
      {
        id: 'triage',
        name: 'triage',
        deadline: 'PT10M',
        ladder: [expect.objectContaining({ role: 'floor_manager' })],
        states: ['cleaning.signs.missing'],
      },
    ]);
    expect(def.diagram).toContain('cleaning_floor_wet --> cleaning_floor_dry : mopped');
  });
});
