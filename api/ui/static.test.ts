import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from './security-headers';
import { uiRouter } from './static';

let dist: string;
let app: express.Express;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'ui-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  app = express();
  app.use(helmet(securityHeaders));
  app.use('/api', (_req, res) => void res.status(404).json({ status: 404 }));
  app.use(uiRouter(dist));
});

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the built UI', () => {
  it('answers index.html for the UI’s own paths, so a refresh on /cases/… works', async () => {
    for (const url of ['/', '/cases/perimeter-alarm-x-1', '/dashboard']) {
      const res = await request(app).get(url).expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and 404s a missing one instead of answering the page', async () => {
    const asset = await request(app).get('/assets/index-abc.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await request(app).get('/assets/missing.js').expect(404);
  });

  it('leaves /api to the API', async () => {
    await request(app).get('/api/nothing').expect(404, { status: 404 });
  });

  it('sends a Content-Security-Policy of this origin only, usable over plain HTTP on the site network', async () => {
    const csp = (await request(app).get('/')).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/https:|\*/);
  });
});
