/**
 * Smoke tests for the two Temporal servers the test suite uses, and for what each supports:
 * - the Java time-skipping test server (tests/support/time-skipping.ts), for fast workflow tests;
 * - the Temporal CLI dev server on a SQLite file (tests/support/dev-server.ts), for persistence and visibility.
 *
 * Needs `bash scripts/setup-tools.sh --test-server`.
 */
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  makeTelemetryFilterString,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { caseSearchAttributes } from '../../workflows/engine/search-attributes';
import { DevServer } from '../support/dev-server';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { waitFor } from '../support/wait';
import { addSignal, addUpdate, counter, finishSignal, sleeper, totalQuery, upserter } from './workflows';

const DAY_MS = 24 * 60 * 60 * 1000;
let bundle: WorkflowBundleWithSourceMap;
let uniq = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now()}-${++uniq}`;

beforeAll(async () => {
  // Quiet: the search-attribute probe makes core warn about the (expected) failed workflow task.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: new DefaultLogger('ERROR'),
  });
});

async function withWorker<R>(connection: NativeConnection, taskQueue: string, fn: () => Promise<R>): Promise<R> {
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle });
  return worker.runUntil(fn);
}

/** Updates (+ validator), signalWithStart and executeUpdateWithStart. */
async function checkMessaging(client: Client, taskQueue: string): Promise<void> {
  const handle = await client.workflow.start(counter, { taskQueue, workflowId: nextId('counter'), args: [10] });
  expect(await handle.executeUpdate(addUpdate, { args: [5] })).toBe(15);
  const rejected = handle.executeUpdate(addUpdate, { args: [-1] });
  await expect(rejected).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(rejected).rejects.toMatchObject({ cause: { message: 'negative: -1' } });
  expect(await handle.query(totalQuery)).toBe(15);

  const signaled = await client.workflow.signalWithStart(counter, {
    taskQueue,
    workflowId: nextId('sws'),
    args: [1],
    signal: addSignal,
    signalArgs: [2],
  });
  expect(await signaled.query(totalQuery)).toBe(3);

  const workflowId = nextId('uws');
  const startOp = () =>
    new WithStartWorkflowOperation(counter, {
      taskQueue,
      workflowId,
      args: [100],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  expect(
    await client.workflow.executeUpdateWithStart(addUpdate, { args: [7], startWorkflowOperation: startOp() }),
  ).toBe(107);
  expect(
    await client.workflow.executeUpdateWithStart(addUpdate, { args: [7], startWorkflowOperation: startOp() }),
  ).toBe(114);
  const uws = client.workflow.getHandle<typeof counter>(workflowId);

  // Signal all first, then await results one at a time. On the time-skipping server, result() unlocks time: an
  // idle workflow (waiting for a signal) gets skipped to its next timer - here the 10-year execution timeout.
  for (const h of [handle, signaled, uws]) await h.signal(finishSignal);
  const results: number[] = [];
  for (const h of [handle, signaled, uws]) results.push(await h.result());
  expect(results).toEqual([15, 3, 114]);
}

/** Registered custom attributes can be upserted and read back; an unregistered one fails the workflow task. */
async function checkSearchAttributes(client: Client, taskQueue: string): Promise<void> {
  const ok = await client.workflow.start(upserter, { taskQueue, workflowId: nextId('upsert'), args: ['registered'] });
  expect(JSON.parse(await ok.result())).toContainEqual(['CaseProcedure', 'probe']);
  const described = await ok.describe();
  expect(described.typedSearchAttributes.get(caseSearchAttributes.procedure)).toBe('probe');
  expect(described.typedSearchAttributes.get(caseSearchAttributes.awaitingRoles)).toEqual(['qa', 'ops']);
  expect(described.typedSearchAttributes.get(caseSearchAttributes.escalationLevel)).toBe(2);

  const bad = await client.workflow.start(upserter, {
    taskQueue,
    workflowId: nextId('upsert-bad'),
    args: ['unregistered'],
  });
  const failure = await waitFor(
    async () => {
      const { events } = await bad.fetchHistory();
      return events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure
        ?.message;
    },
    { what: 'a failed workflow task' },
  );
  expect(failure).toMatch(/ProbeNotRegistered/);
  expect((await bad.describe()).status.name).toBe('RUNNING'); // the task is retried, the workflow does not fail
  await bad.terminate('probe done');
}

describe('Java time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  const taskQueue = 'smoke-time-skipping';

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a 1-day durable timer completes at once', async () => {
    // The workflow's own clock moved a day; the wall clock cannot have (the test's timeout is minutes), so the server
    // skipped the time. No wall-clock bound: under load, starting the worker alone took 13 s once.
    const slept = await withWorker(env.nativeConnection, taskQueue, () =>
      env.client.workflow.execute(sleeper, { taskQueue, workflowId: nextId('sleep'), args: ['1 day'] }),
    );
    expect(slept).toBeGreaterThanOrEqual(DAY_MS);
  });

  test('supports updates, signalWithStart and executeUpdateWithStart', async () => {
    await withWorker(env.nativeConnection, taskQueue, () => checkMessaging(env.client, taskQueue));
  });

  test('supports registered custom search attributes (registered by createTimeSkippingEnv)', async () => {
    await withWorker(env.nativeConnection, taskQueue, () => checkSearchAttributes(env.client, taskQueue));
  });

  test('has no visibility API (list/count are UNIMPLEMENTED)', async () => {
    await expect(env.client.workflow.count()).rejects.toThrow(/count workflows/i);
    await expect(env.client.workflow.list()[Symbol.asyncIterator]().next()).rejects.toThrow(/list workflows/i);
  });
});

describe('Temporal CLI dev server (SQLite)', () => {
  let server: DevServer;
  let client: Client;
  let nativeConnection: NativeConnection;
  const taskQueue = 'smoke-dev-server';

  beforeAll(async () => {
    server = await DevServer.start();
    client = new Client({ connection: await server.connect() });
    nativeConnection = await NativeConnection.connect({ address: server.address });
  });
  afterAll(async () => {
    await nativeConnection?.close();
    await client?.connection.close();
    await server?.dispose();
  });

  test('supports updates, signalWithStart and executeUpdateWithStart', async () => {
    await withWorker(nativeConnection, taskQueue, () => checkMessaging(client, taskQueue));
  });

  test('registers the case search attributes and answers visibility queries on them', async () => {
    await withWorker(nativeConnection, taskQueue, () => checkSearchAttributes(client, taskQueue));
    const ids = await waitFor(
      async () => {
        const found: string[] = [];
        for await (const wf of client.workflow.list({ query: `CaseProcedure = "probe" AND CaseEscalationLevel = 2` })) {
          found.push(wf.workflowId);
        }
        return found.length > 0 && found;
      },
      { what: 'the upserted workflow in visibility' },
    );
    expect(ids).toHaveLength(1);
  });

  test('a durable timer survives a server restart on the same SQLite file', async () => {
    const handle = await client.workflow.start(sleeper, {
      taskQueue,
      workflowId: nextId('timer'),
      args: ['3 seconds'],
    });
    await withWorker(nativeConnection, taskQueue, () =>
      waitFor(async () => (await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes), {
        what: 'TimerStarted',
      }),
    );
    const { address, dbFilename } = server;
    const pid = server.process?.pid;

    await server.stop();
    expect(server.running).toBe(false);
    await server.restart();
    expect(server.address).toBe(address);
    expect(server.dbFilename).toBe(dbFilename);
    expect(server.process?.pid).not.toBe(pid);

    expect((await handle.describe()).status.name).toBe('RUNNING');
    const slept = await withWorker(nativeConnection, taskQueue, () => handle.result());
    expect(slept).toBeGreaterThanOrEqual(3000);
  });

  test('kill() ends the server with SIGKILL', async () => {
    await server.kill();
    expect(server.running).toBe(false);
    expect(server.process?.exitStatus?.signal).toBe('SIGKILL');
  });
});
