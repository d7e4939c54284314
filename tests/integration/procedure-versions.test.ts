import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { casePolicyFor } from '../../workflows/engine/policy';
import type { RunProcedureInput } from '../../workflows/engine/run-procedure';
import { caseSearchAttributes as sa } from '../../workflows/engine/search-attributes';
import { getProcedure } from '../../workflows/procedures';
import { useDevServer } from '../support/dev-server-fixture';
import { as } from '../support/fixtures';
import { waitFor } from '../support/wait';

// Open cases per procedure version come from Temporal visibility (CaseVersion): on the real dev server.
Runtime.install({ logger: new DefaultLogger('WARN') });
const dev = useDevServer({ inProcessWorker: TASK_QUEUE });
let app: ReturnType<typeof createApp>;
const config = loadConfig();

beforeAll(() => {
  app = createApp({ client: dev.client, config, logger: pino({ level: 'silent' }) });
});

const id = 'residential-theft';
const site = 'chengshi-garden';
const intake = { discoveredBy: 'staff', unit: '1-1-101', description: 'door forced' };

// A case opened on v1 before v2 shipped: the workflow input pins the version.
async function openV1(n: number) {
  const def = getProcedure(id, 1);
  const caseId = `${id}-${site}-v1-${n}`;
  const input: RunProcedureInput = {
    procedure: id,
    version: 1,
    caseId,
    number: `ZD-20261125-${String(n).padStart(4, '0')}`,
    site,
    policy: casePolicyFor(def, config.sites.get(site)),
    data: intake,
    startedBy: as('patrol_guard'),
  };
  return dev.client.workflow.start('runProcedure', { workflowId: caseId, taskQueue: TASK_QUEUE, args: [input] });
}

describe('GET /api/procedures/:id counts open cases per version', () => {
  it('counts v1 cases still open beside new cases of the newest version, and drops a case when it closes', async () => {
    const token = (
      await request(app).post('/api/auth/login').send({ username: 'security_captain', password: 'demo123' }).expect(200)
    ).body.token as string;
    const auth = `Bearer ${token}`;
    const old = [await openV1(1), await openV1(2)];
    const created = await request(app)
      .post('/api/cases')
      .set('Authorization', auth)
      .send({ procedure: id, site, data: intake })
      .expect(201);
    expect(created.body.version).toBe(3);
    // The workflow itself records its version for visibility.
    expect((await old[0]!.describe()).typedSearchAttributes.get(sa.version)).toBe(1);

    const counts = async () =>
      (await request(app).get(`/api/procedures/${id}`).set('Authorization', auth).expect(200)).body.versions;
    await waitFor(
      async () =>
        JSON.stringify(await counts()) ===
        JSON.stringify([
          { version: 1, openCases: 2 },
          { version: 2, openCases: 0 },
          { version: 3, openCases: 1 },
        ]),
      { what: 'two open v1 cases and one v3 case', timeoutMs: 20_000 },
    );

    await old[0]!.terminate('test over');
    await waitFor(async () => (await counts())[0].openCases === 1, { what: 'one v1 case left', timeoutMs: 20_000 });
  });
});
