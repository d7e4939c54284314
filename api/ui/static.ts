import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { repoRoot, readEnv } from '../../config';

/** Where `vite build` puts the staff UI (ui/vite.config.ts). */
export const uiDist = () => readEnv().UI_DIST ?? path.join(repoRoot, 'ui', 'dist');

/**
 * Serves the built UI: hashed assets cached for a year, and index.html for every other non-API path so that the
 * UI's own routes (/cases/…, /dashboard) load on a refresh. Without a build it answers a hint instead.
 */
export function uiRouter(dir = uiDist()): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  // A plain middleware rather than a route: every GET that no file answered (and that is not /api) gets the app.
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text').send('The UI is not built: run `npx vite build ui` (npm start does it).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
