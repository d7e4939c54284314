import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../config/load';
import { openApiRouter } from '../../api/openapi/router';

/**
 * The OpenAPI document the API serves (GET /api/openapi.json with the repo's config/), byte for byte as it was before
 * the re-layout of issue 14: moving modules must not change the contract. A change meant to change the contract
 * rewrites the fixture with UPDATE_OPENAPI_FIXTURE=1 and says why in its commit.
 */
const fixture = path.join(__dirname, '..', 'fixtures', 'openapi-before.json');

describe('the served OpenAPI document', () => {
  it('is the same as tests/fixtures/openapi-before.json', async () => {
    const app = express();
    app.use('/api', openApiRouter(loadConfig()));
    const res = await request(app).get('/api/openapi.json').expect(200);
    const live = `${JSON.stringify(res.body, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI_FIXTURE === '1') writeFileSync(fixture, live);
    expect(live).toBe(readFileSync(fixture, 'utf8'));
  });
});
