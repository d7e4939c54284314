import type { Problem, SignedIn } from './types';

/** An answer the API refused, with its problem+json body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** What POST /auth/login, POST /auth/refresh and GET /auth/session answer (the document's LoginResult). */
export type { SignedIn };

let token: string | null = null;
let language = 'zh-CN';
let onUnauthorized: () => void = () => {};
let onRenewed: (session: SignedIn) => void = () => {};
let renewing: Promise<string> | null = null;

export const apiSession = {
  setToken: (value: string | null) => (token = value),
  getToken: () => token,
  setLanguage: (value: string) => (language = value),
  onUnauthorized: (fn: () => void) => (onUnauthorized = fn),
  onRenewed: (fn: (session: SignedIn) => void) => (onRenewed = fn),
  /**
   * Exchanges the current, still valid token for a new one (POST /auth/refresh) and returns it; one call at a time.
   * Rejects when the token has expired: the 401 has already asked the user to sign in again.
   */
  renew: (): Promise<string> =>
    (renewing ??= api<SignedIn>('/auth/refresh', { method: 'POST' })
      .then((session) => {
        token = session.token;
        onRenewed(session);
        return session.token;
      })
      .finally(() => (renewing = null))),
};

/** A JSON call to /api with the signed-in user's token and the chosen language. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError({ status: 0, title: 'network' });
  }
  if (res.status === 401 && token) onUnauthorized();
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) throw new ApiError({ status: res.status, ...(body as object) } as Problem);
  return body as T;
}

/** A fresh idempotency key: a retried click applies the step once. */
export const newKey = () => `ui-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
