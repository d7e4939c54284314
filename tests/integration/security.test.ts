import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SignJWT } from 'jose';
import request from 'supertest';
import { stringify } from 'yaml';
import { recipientsOf } from '../../activities/channels/email';
import { hashPassword } from '../../config';
import { loadConfig, productionProblems } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { casePolicyFor } from '../../workflows/engine/policy';
import { procedures } from '../../workflows/procedures';
import { serveApp, useDevServer } from '../support/dev-server-fixture';
import { repoRoot, startProcess } from '../support/process';
import { waitFor } from '../support/wait';

// Tokens, passwords, production secrets, and the confidentiality of internal-theft cases, through the real API.
Runtime.install({ logger: new DefaultLogger('WARN') });
const JWT_SECRET = 'security-test-signing-key-of-more-than-32-chars';
process.env.JWT_SECRET = JWT_SECRET;
const key = new TextEncoder().encode(JWT_SECRET);
const site = 'xinghe-mall';
const confidential = ['lp_officer', 'lp_assistant_supervisor', 'lp_supervisor', 'executive']; // internal-theft visibleTo

const dev = useDevServer({ inProcessWorker: TASK_QUEUE });
const config = loadConfig();
// Internal theft's first deadline in a second, so its escalation (to the LP supervisor) fires within the test.
config.sites.get(site)!.procedures['internal-theft'] = { deadlines: { supervisor_report: 'PT1S' } };

const served = serveApp(dev, config);

const tokens = new Map<string, string>();
async function login(user: string): Promise<string> {
  if (!tokens.has(user)) {
    const res = await request(served.app)
      .post('/api/auth/login')
      .send({ username: user, password: 'demo123' })
      .expect(200);
    tokens.set(user, res.body.token);
  }
  return tokens.get(user)!;
}
const roleUsers = [...config.users.values()].map((u) => ({ id: u.id, roles: u.roles[site] ?? [] }));

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function expectRefused(token: string, status = 401) {
  for (const [method, url] of [
    ['get', '/api/cases'],
    ['get', '/api/inbox'],
    ['get', '/api/reports/overdue'],
  ] as const) {
    const res = await request(served.app)[method](url).set('Authorization', `Bearer ${token}`);
    expect([url, res.status, res.type]).toEqual([url, status, 'application/problem+json']);
    expect(res.text).not.toMatch(/\n\s+at /);
  }
}

describe('tokens', () => {
  const claims = { name: '冒名', roles: { [site]: ['executive', 'lp_supervisor'] } };

  it('refuses alg "none" (unsigned), with or without a trailing signature', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'executive', iat: now(), exp: now() + 3600 })}`;
    await expectRefused(`${unsigned}.`);
    await expectRefused(unsigned);
  });

  it('refuses an expired token signed with the right key', async () => {
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('executive')
      .setIssuedAt(now() - 7200)
      .setExpirationTime(now() - 60)
      .sign(key);
    await expectRefused(expired);
  });

  it('refuses a token signed with another key, or with another algorithm', async () => {
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('executive')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-servers-key-but-just-as-long-as-it'));
    await expectRefused(wrongKey);
    const otherAlg = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('executive')
      .setExpirationTime('1h')
      .sign(key);
    await expectRefused(otherAlg);
  });

  it('refuses a real token whose payload was changed to add roles', async () => {
    const [header, payload, signature] = (await login('cs_agent')).split('.');
    const claimsOf = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { roles: Record<string, string[]> };
    claimsOf.roles[site] = ['executive'];
    await expectRefused(`${header}.${b64(claimsOf)}.${signature}`);
    await request(served.app)
      .get('/api/cases')
      .set('Authorization', `Bearer ${await login('cs_agent')}`)
      .expect(200); // the untouched token still works
  });

  it('refuses another site’s user on a case: not visible, no steps, not listed, cannot open cases there', async () => {
    const opened = await request(served.app)
      .post('/api/cases')
      .set('Authorization', `Bearer ${await login('monitor_guard')}`)
      .send({ procedure: 'perimeter-alarm', site, data: { zone: 'north-wall' } })
      .expect(201);
    const caseId = opened.body.caseId as string;
    // A genuine token of a monitoring guard who works at another site only.
    const elsewhere = await new SignJWT({
      name: '外场值班',
      roles: { 'huarun-market': ['monitor_guard', 'patrol_guard'] },
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('monitor_guard')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    const auth = `Bearer ${elsewhere}`;
    const view = await request(served.app).get(`/api/cases/${caseId}`).set('Authorization', auth);
    expect([view.status, view.type]).toEqual([404, 'application/problem+json']);
    const stepped = await request(served.app)
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', auth)
      .send({ type: 'patrol_arrived', data: {} });
    expect([403, 404]).toContain(stepped.status);
    expect(stepped.type).toBe('application/problem+json');
    const listed = await request(served.app).get(`/api/cases?site=${site}`).set('Authorization', auth).expect(200);
    expect(listed.body.cases).toEqual([]);
    const opening = await request(served.app)
      .post('/api/cases')
      .set('Authorization', auth)
      .send({ procedure: 'perimeter-alarm', site, data: { zone: 'north-wall' } });
    expect([opening.status, opening.type]).toEqual([403, 'application/problem+json']);
    // And the case is unchanged.
    const after = await request(served.app)
      .get(`/api/cases/${caseId}`)
      .set('Authorization', `Bearer ${await login('monitor_guard')}`)
      .expect(200);
    expect(after.body.history).toHaveLength(opened.body.history.length);
  });
});

describe('passwords', () => {
  it('config/users.yaml holds only argon2id hashes at OWASP’s cost, never a password', () => {
    const text = readFileSync(path.join(repoRoot, 'config', 'users.yaml'), 'utf8');
    const stored = [...text.matchAll(/^\s+password:\s*(.+)$/gm)].map((m) => m[1]!.replace(/^'|'$/g, ''));
    expect(stored).toHaveLength(config.users.size);
    for (const value of stored)
      expect(value).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(new Set(stored).size).toBe(stored.length); // a salt of its own each
    expect(stored).not.toContain('demo123');
  });

  it('will not load a users file with a plaintext password, and a hash is no password', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'procwf-users-'));
    cpSync(path.join(repoRoot, 'config', 'sites'), path.join(dir, 'sites'), { recursive: true });
    writeFileSync(
      path.join(dir, 'users.yaml'),
      stringify({ users: [{ id: 'plain', name: 'P', password: 'demo123', roles: { [site]: ['cs_agent'] } }] }),
    );
    expect(() => loadConfig(dir)).toThrow(
      /users\.yaml: users\.0\.password: password must be a hash from npm run hash-password/,
    );
    const hash = config.users.get('cs_agent')!.password;
    const res = await request(served.app).post('/api/auth/login').send({ username: 'cs_agent', password: hash });
    expect([res.status, res.type]).toEqual([401, 'application/problem+json']);
  });
});

describe('production mode (NODE_ENV=production)', () => {
  it('refuses to start the API with the repository’s demo secrets, naming each', async () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: undefined, PORT: '0', TEMPORAL_ADDRESS: '127.0.0.1:1' };
    const proc = startProcess(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['api/server.ts'], env, {
      name: 'api-production',
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(1);
    const output = proc.output();
    expect(output).toContain('refusing to start in production');
    expect(output).toContain('JWT_SECRET is not set');
    expect(output).toContain('user cs_agent still has the demo password');
    expect(output).toContain('panel chengshi-panel-1 has the demo secret');
  }, 60_000);

  it('starts with secrets from the environment and a configuration folder outside the repository', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'procwf-prod-config-'));
    cpSync(path.join(repoRoot, 'config', 'sites'), path.join(dir, 'sites'), { recursive: true });
    const password = await hashPassword('a-long-and-real-password');
    writeFileSync(
      path.join(dir, 'users.yaml'),
      stringify({ users: [{ id: 'ops', name: '运维', password, roles: { [site]: ['ops_manager'] } }] }),
    );
    const panel = { id: 'p1', name: 'P1', site: 'chengshi-garden', secretEnv: 'PANEL_P1_SECRET', zones: { '1': 'a' } };
    writeFileSync(path.join(dir, 'panels.yaml'), stringify({ panels: [panel] }));
    const good = { JWT_SECRET: 'x'.repeat(48), PANEL_P1_SECRET: 'y'.repeat(32) };
    expect(productionProblems(loadConfig(dir), dir, good)).toEqual([]);
    expect(productionProblems(loadConfig(dir), dir, { JWT_SECRET: 'short' })).toEqual([
      'JWT_SECRET is shorter than 32 characters',
      'panel p1: PANEL_P1_SECRET is not set',
    ]);
    // The same folder inside the repository: an inline panel secret there counts as committed.
    const inRepo = path.join(repoRoot, 'data', `security-test-${process.pid}`);
    mkdirSync(inRepo, { recursive: true });
    cpSync(dir, inRepo, { recursive: true });
    writeFileSync(
      path.join(inRepo, 'panels.yaml'),
      stringify({ panels: [{ ...panel, secretEnv: undefined, secret: 'z'.repeat(32) }] }),
    );
    try {
      expect(productionProblems(loadConfig(inRepo), inRepo, good)).toEqual([
        'panel p1 has its secret in the repository (use secretEnv)',
      ]);
    } finally {
      rmSync(inRepo, { recursive: true, force: true });
    }
  });
});

describe('confidential internal-theft cases', () => {
  const intake = {
    suspect: { name: '张三', employeeNo: 'E1', department: '生鲜部' },
    account: '带出两瓶酒',
    rulesAcknowledged: true,
  };

  it('never reach other roles: not in lists, inboxes, streams or reports, while LP and leadership see them', async () => {
    const { port } = served.http.address() as AddressInfo;
    const streams = new Map<string, string>();
    const controller = new AbortController();
    for (const user of ['cs_agent', 'gm', 'security_captain', 'lp_supervisor']) {
      const token = await login(user);
      streams.set(user, '');
      void fetch(`http://127.0.0.1:${port}/api/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      })
        .then(async (res) => {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
            streams.set(user, streams.get(user)! + Buffer.from(chunk).toString());
        })
        .catch(() => undefined);
    }
    // Every stream is open (the server's first line is its retry hint) before the cases it must carry or not exist.
    await waitFor(() => [...streams.values()].every((s) => s.startsWith('retry:')), {
      timeoutMs: 15_000,
      what: 'every stream open',
    });
    const secret = await request(served.app)
      .post('/api/cases')
      .set('Authorization', `Bearer ${await login('lp_officer')}`)
      .send({ procedure: 'internal-theft', site, data: intake })
      .expect(201);
    const caseId = secret.body.caseId as string;
    const number = secret.body.number as string;
    // A case everyone at the site may see, as the control: the other streams do carry it.
    const open = await request(served.app)
      .post('/api/cases')
      .set('Authorization', `Bearer ${await login('monitor_guard')}`)
      .send({ procedure: 'perimeter-alarm', site, data: { zone: 'east-wall' } })
      .expect(201);

    // The supervisor_report deadline (1 s here) escalates to the LP supervisor: in their inbox and stream.
    await waitFor(
      async () => {
        const inbox = await request(served.app)
          .get('/api/inbox')
          .set('Authorization', `Bearer ${await login('lp_supervisor')}`);
        return inbox.body.items.some((i: { caseId: string }) => i.caseId === caseId);
      },
      { timeoutMs: 30_000, what: 'the escalated internal-theft case in the LP supervisor’s inbox' },
    );
    await waitFor(() => streams.get('lp_supervisor')!.includes(caseId), { timeoutMs: 15_000, what: 'LP stream' });
    await waitFor(() => [...streams.values()].every((s) => s.includes(open.body.caseId)), {
      timeoutMs: 15_000,
      what: 'the perimeter case on every stream',
    });
    controller.abort();
    for (const user of ['cs_agent', 'gm', 'security_captain'])
      expect({ user, leaked: streams.get(user)!.includes(caseId) }).toEqual({ user, leaked: false });

    for (const user of roleUsers) {
      const auth = `Bearer ${await login(user.id)}`;
      const sees = user.roles.some((r) => confidential.includes(r));
      const list = await request(served.app).get(`/api/cases?q=${number}`).set('Authorization', auth).expect(200);
      const all = await request(served.app)
        .get(`/api/cases?site=${site}&pageSize=100`)
        .set('Authorization', auth)
        .expect(200);
      const inbox = await request(served.app).get('/api/inbox').set('Authorization', auth).expect(200);
      const found = [list.body, all.body, inbox.body].map((b) => JSON.stringify(b).includes(caseId));
      if (sees) expect([user.id, found.slice(0, 2)]).toEqual([user.id, [true, true]]);
      else expect([user.id, found]).toEqual([user.id, [false, false, false]]);
      const view = await request(served.app).get(`/api/cases/${caseId}`).set('Authorization', auth);
      expect([user.id, view.status]).toEqual([user.id, sees ? 200 : 404]);
      for (const report of ['/api/reports/overdue', '/api/reports/overdue?format=csv', '/api/reports/monthly']) {
        const res = await request(served.app).get(report).set('Authorization', auth);
        if (res.status !== 200) continue; // a role without reports sees none at all
        const leaked = res.text.includes('internal-theft') || res.text.includes(number);
        if (!sees) expect({ user: user.id, report, leaked }).toEqual({ user: user.id, report, leaked: false });
      }
    }
    // Leadership's overdue report does count it.
    const exec = await request(served.app)
      .get('/api/reports/overdue')
      .set('Authorization', `Bearer ${await login('executive')}`);
    expect(exec.status).toBe(200);
    expect(exec.text).toContain('internal-theft');
  });

  it('escalate and e-mail only to roles that may see them: a site ladder to anyone else stops the boot', () => {
    const def = procedures.find((p) => p.id === 'internal-theft')!;
    expect(def.visibleTo).toEqual(expect.arrayContaining(confidential));
    for (const s of config.sites.values()) {
      for (const rungs of Object.values(casePolicyFor(def, s).ladders)) {
        for (const rung of rungs) {
          expect(def.visibleTo).toContain(rung.role);
          const mailed = recipientsOf(config, s.id, rung.role);
          const people = [...config.users.values()].filter((u) => u.email && mailed.includes(u.email));
          for (const person of people) expect(person.roles[s.id]!.some((r) => def.visibleTo!.includes(r))).toBe(true);
        }
      }
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'procwf-leaky-'));
    cpSync(path.join(repoRoot, 'config'), dir, { recursive: true });
    const leaky = path.join(dir, 'sites', `${site}.yaml`);
    writeFileSync(
      leaky,
      stringify({
        id: site,
        name: 'leaky',
        kind: 'mall',
        procedures: { 'internal-theft': { ladders: { review: [{ role: 'branch_gm', channels: ['email'] }] } } },
      }),
    );
    expect(() => loadConfig(dir)).toThrow(
      /site xinghe-mall: procedures\.internal-theft\.ladders\.review tells branch_gm, but internal-theft cases are confidential/,
    );
  });
});
