import request from 'supertest';
import type { createApp } from '../../api/app';

type App = Parameters<typeof request>[0];

/**
 * A caller signed in as `username` (demo password) to an app running at `baseUrl` (e.g. http://127.0.0.1:8080, no
 * /api): for the steps a browser test takes outside the browser, and for tests and benches that start the app's own
 * processes. Each call throws an Error with the status and body when the API refuses it.
 */
export async function apiAs(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo123' }),
  });
  const { token } = (await login.json()) as { token: string };
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} as ${username}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    token,
    open: (procedure: string, site: string, data: unknown) =>
      call<{ caseId: string; number: string }>('POST', '/cases', { procedure, site, data }),
    step: (caseId: string, type: string, data: unknown = {}) =>
      call<{ state: string }>('POST', `/cases/${encodeURIComponent(caseId)}/events`, { type, data }),
    view: (caseId: string) =>
      call<{ escalations: unknown[]; status: string; state: string }>('GET', `/cases/${encodeURIComponent(caseId)}`),
  };
}

/**
 * The `Authorization` value (`Bearer <token>`) of `username` signed in with the demo password to `app`, an app in this
 * process (supertest). @throws when the sign-in does not answer 200
 */
export async function bearerOf(app: App, username: string): Promise<string> {
  const res = await request(app).post('/api/auth/login').send({ username, password: 'demo123' }).expect(200);
  return `Bearer ${(res.body as { token: string }).token}`;
}

/** Opens a perimeter-alarm case at chengshi-garden (zone north-wall-3) as `auth` on `app` (supertest); its id. */
export async function openAlarmOn(app: App, auth: string): Promise<string> {
  const res = await request(app)
    .post('/api/cases')
    .set('Authorization', auth)
    .send({ procedure: 'perimeter-alarm', site: 'chengshi-garden', data: { zone: 'north-wall-3' } })
    .expect(201);
  return (res.body as { caseId: string }).caseId;
}

/**
 * Signs demo users in (password demo123) to the in-process `app` (read at each call, so it may be set in a beforeAll)
 * and gives each one's `Authorization` header value, `Bearer <token>`; one login per user for the whole file. Fails
 * the test when a login is refused.
 */
export function bearerFor(app: () => ReturnType<typeof createApp>): (username: string) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (username) => {
    if (!tokens.has(username)) tokens.set(username, await bearerOf(app(), username));
    return tokens.get(username)!;
  };
}
