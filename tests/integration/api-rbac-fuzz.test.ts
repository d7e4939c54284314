import { DefaultLogger, Runtime } from '@temporalio/worker';
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { roleNames } from '../../config/roles';
import { TASK_QUEUE } from '../../config/paths';
import { siteRuns } from '../../workflows/engine/policy';
import { getProcedure, newestProcedures, procedures } from '../../workflows/procedures';
import { useTimeSkippingWorker } from '../support/app-worker';

// Who may do what, checked through the API for every role × every event of every procedure; then a fuzzer.
Runtime.install({ logger: new DefaultLogger('WARN') });
let app: ReturnType<typeof createApp>;
const config = loadConfig();
// Each procedure is checked at the first demo site that runs it (issue 19: a site runs only its business's procedures),
// with the roles people hold there.
const siteOf = (procedure: string) => [...config.sites.values()].find((s) => siteRuns(s, procedure))!.id;
const rolesAt = (site: string) => [...new Set([...config.users.values()].flatMap((u) => u.roles[site] ?? []))];
/** Bearer tokens by `site/role`: one person per role held at each site. */
const tokens = new Map<string, string>();
const token = (site: string, role: string) => tokens.get(`${site}/${role}`)!;

useTimeSkippingWorker(TASK_QUEUE, (env) => {
  app = createApp({ client: env.client, config, logger: pino({ level: 'silent' }) });
});

beforeAll(async () => {
  // One person per role held at each site (the roster's deputy has the same role as the squad leader: one is enough).
  for (const user of config.users.values()) {
    let bearer: string | undefined;
    for (const [site, held] of Object.entries(user.roles)) {
      for (const role of held) {
        if (tokens.has(`${site}/${role}`)) continue;
        bearer ??= `Bearer ${(await request(app).post('/api/auth/login').send({ username: user.id, password: 'demo123' }).expect(200)).body.token}`;
        tokens.set(`${site}/${role}`, bearer);
      }
    }
  }
});

async function open(procedure: string): Promise<string> {
  const { by, data } = getProcedure(procedure).example;
  const site = siteOf(procedure);
  const res = await request(app)
    .post('/api/cases')
    .set('Authorization', token(site, by))
    .send({ procedure, site, data });
  expect(res.status).toBe(201);
  return res.body.caseId;
}

describe('RBAC matrix: every role × every event of every procedure', () => {
  it('covers every registered procedure', () => {
    expect(procedures.every((p) => p.example.data)).toBe(true);
    // Every person's role of the role table has a demo user at some site (the alarm panel is not a person), and every
    // role a procedure's steps name is held at the site it is checked at.
    expect([...new Set([...config.sites.keys()].flatMap(rolesAt))].sort()).toEqual(
      Object.keys(roleNames)
        .filter((r) => r !== 'alarm_panel')
        .sort(),
    );
    for (const def of newestProcedures()) {
      const named = new Set(Object.values(def.events).flatMap((spec) => spec.roles));
      named.delete('alarm_panel');
      expect([def.id, [...named].filter((r) => !rolesAt(siteOf(def.id)).includes(r))]).toEqual([def.id, []]);
    }
  });

  // A case opens on the newest version, so the matrix is the newest version's events (an older version's event that
  // the newest dropped, e.g. residential theft's resident_decided, is simply not a step of the case: 409).
  it.each(newestProcedures().map((p) => [p.id, p] as const))('%s', async (_id, def) => {
    const caseId = await open(def.id);
    const site = siteOf(def.id);
    const roles = rolesAt(site);
    let checked = 0;
    for (const [event, spec] of Object.entries(def.events)) {
      for (const role of roles) {
        const res = await request(app)
          .post(`/api/cases/${caseId}/events`)
          .set('Authorization', token(site, role))
          .send({ type: event, data: { __probe: true } });
        const visible = !def.visibleTo || def.visibleTo.includes(role);
        const expected = !visible ? [404] : spec.roles.includes(role) ? [200, 409, 422] : [403];
        if (!expected.includes(res.status))
          throw new Error(`${def.id} ${event} as ${role}: ${res.status} ${res.body.detail}`);
        checked += 1;
      }
    }
    expect(checked).toBe(Object.keys(def.events).length * roles.length);
  });

  it('hides internal-theft cases (404) from every role outside loss prevention and executive', async () => {
    const caseId = await open('internal-theft');
    const site = siteOf('internal-theft');
    for (const role of rolesAt(site)) {
      const res = await request(app).get(`/api/cases/${caseId}`).set('Authorization', token(site, role));
      expect([role, res.status]).toEqual([
        role,
        ['lp_officer', 'lp_assistant_supervisor', 'lp_supervisor', 'executive'].includes(role) ? 200 : 404,
      ]);
    }
  });
});

describe('fuzzing the case routes', () => {
  it('never answers 5xx to malformed or hostile requests, and changes nothing', async () => {
    const caseId = await open('perimeter-alarm');
    const token = tokens.get(`${siteOf('perimeter-alarm')}/patrol_guard`)!;
    await request(app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', token)
      .send({ type: 'patrol_arrived' })
      .expect(200);
    const before = (await request(app).get(`/api/cases/${caseId}`).set('Authorization', token).expect(200)).body;
    expect(before.state).toBe('assessing');

    // Everything here must be refused: unknown or not-now events, verdicts with broken data, wrong types, huge strings.
    const notNow = ['patrol_dispatched', 'search_item_done', 'outcome_recorded', 'police_arrived', 'report_filed'];
    const data = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 })),
      fc.record({ verdict: fc.string({ maxLength: 50000 }) }),
      fc.record({ verdict: fc.constant('false_alarm'), cause: fc.string(), panelReset: fc.constant(false) }),
      fc.record({ verdict: fc.constant('intrusion'), commander: fc.jsonValue(), captainInformed: fc.constant(false) }),
    );
    const body = fc.oneof(
      fc.record({ type: fc.oneof(fc.constantFrom(...notNow), fc.string({ maxLength: 200 })), data }),
      fc.record({ type: fc.constant('verdict_given'), data }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => ({ type: v, data: v })),
      fc.string({ maxLength: 3000 }),
    );
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, raw) => {
        const req = request(app)
          .post(`/api/cases/${caseId}/events`)
          .set('Authorization', token)
          .set('Content-Type', 'application/json');
        const res = await req.send(
          raw || typeof b === 'string' ? String(typeof b === 'string' ? b : JSON.stringify(b).slice(0, -1)) : b,
        );
        sent += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`5xx for ${JSON.stringify(b).slice(0, 200)}: ${res.text.slice(0, 300)}`);
        expect(res.type).toBe('application/problem+json');
        expect(res.text).not.toMatch(/\n\s+at /);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
    const after = (await request(app).get(`/api/cases/${caseId}`).set('Authorization', token).expect(200)).body;
    expect(after.history).toEqual(before.history);
    expect(after.state).toBe('assessing');
    expect(sent).toBeGreaterThanOrEqual(1000);
    // Every refusal was one of the documented client errors.
    expect([...statuses.keys()].every((s) => [400, 403, 409, 413, 422].includes(s))).toBe(true);
  });
});
