import { json, named, problems, signedIn, signedInOrCookie, type PathConfig } from '../openapi/tools';
import { LoginResultSchema, LoginSchema, SessionUserSchema } from './schemas';

const LoginResult = named('LoginResult', LoginResultSchema.extend({ user: named('SessionUser', SessionUserSchema) }));

/** The session cookie a sign-in or renewal sets (the `sessionCookie` security scheme). */
const sessionCookieSet = {
  'Set-Cookie': {
    description: 'procwf_session=<the token>; Path=/api; HttpOnly; SameSite=Strict; Max-Age until the token expires',
    schema: { type: 'string' as const },
  },
};

/** POST /auth/login, POST /auth/refresh, GET /auth/session and POST /auth/logout, as the OpenAPI document describes them (api/auth/router.ts serves them). */
export const authPaths: PathConfig[] = [
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    tags: ['auth'],
    summary: 'Sign in',
    description:
      'Exchanges a username and password for a JWT and the user’s roles per site. At most 20 tries a minute.',
    security: [],
    request: { body: { required: true, content: json(named('Login', LoginSchema)) } },
    responses: {
      200: { description: 'Signed in', content: json(LoginResult), headers: sessionCookieSet },
      ...problems(400, 401, 422, 429),
    },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshToken',
    tags: ['auth'],
    summary: 'Renew a token',
    description:
      'Exchanges a valid token for a new one that expires a full lifetime (12 h) from now, with the user’s roles as ' +
      'configured now. Clients renew shortly before expiry: the event stream ends when its token expires.',
    security: signedIn,
    responses: {
      200: { description: 'A new token', content: json(LoginResult), headers: sessionCookieSet },
      ...problems(401, 429),
    },
  },
  {
    method: 'get',
    path: '/auth/session',
    operationId: 'currentSession',
    tags: ['auth'],
    summary: 'The browser’s session',
    description:
      'Answers a new token for the user the session cookie (or bearer token) signs in, as POST /auth/refresh does, ' +
      'so a second tab or a link opened from an e-mail starts signed in without the token ever being in a URL. A ' +
      'browser that is not signed in (no cookie, or an expired one) gets 204: not an error, the sign-in page follows.',
    security: [...signedInOrCookie, {}],
    responses: {
      200: { description: 'The signed-in user and a new token', content: json(LoginResult), headers: sessionCookieSet },
      204: { description: 'Not signed in' },
      ...problems(429),
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    tags: ['auth'],
    summary: 'Sign out',
    description: 'Clears the session cookie (a client holding the bearer token drops it itself).',
    security: [],
    responses: { 204: { description: 'Signed out' } },
  },
];
