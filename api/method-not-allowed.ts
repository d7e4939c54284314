import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/** A route as the OpenAPI document names it: lower-case method, path with `{param}` segments. */
export interface KnownRoute {
  method: string;
  path: string;
}

/**
 * Answers for every known path, before sign-in: OPTIONS with 204 and `Allow`, and a method the path does not serve
 * with 405 and `Allow` (RFC 9110 §15.5.6). `Allow` lists the methods of all routes of the path (GET brings HEAD).
 * Other paths and allowed methods pass on.
 */
export function methodNotAllowed(routes: readonly KnownRoute[]): RequestHandler {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of routes) byPath.set(path, (byPath.get(path) ?? new Set()).add(method.toUpperCase()));
  const table = [...byPath].map(([path, methods]) => {
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    const pattern = path
      .split('/')
      .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('/');
    return { match: new RegExp(`^${pattern}/?$`), methods, allow: [...methods].join(', ') };
  });
  return (req, res, next) => {
    const entry = table.find((e) => e.match.test(req.path));
    if (!entry || (entry.methods.has(req.method) && req.method !== 'OPTIONS')) return next();
    res.set('Allow', entry.allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed here; allowed: ${entry.allow}`, {
      allow: [...entry.methods],
    });
  };
}
