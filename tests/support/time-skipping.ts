/**
 * The Java time-skipping test server (io.temporal:temporal-test-server 1.32.1, run through the wrapper that
 * `bash scripts/setup-tools.sh --test-server` writes), wrapped by @temporalio/testing.
 *
 * What this server does and does not do (probed, see tests/smoke/capabilities.test.ts):
 * - Updates (with validators), signalWithStart and executeUpdateWithStart work.
 * - Custom search attributes must be registered before use (an unknown one fails the workflow task with
 *   BAD_SEARCH_ATTRIBUTES and the workflow hangs); {@link createTimeSkippingEnv} registers the engine's keys.
 *   `describe()` returns them; there is NO visibility: list/count workflows and ListSearchAttributes are UNIMPLEMENTED.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
} from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { caseSearchAttributes } from '../../workflows/engine/search-attributes';
import { freePort, sleep, startProcess, toolsBin, type ProcessHandle } from './process';

/** The wrapper script that `exec`s java with the test server's main class. */
export const testServerExecutable = path.join(toolsBin, 'temporal-test-server');

const GRPC_ALREADY_EXISTS = 6;

export type TimeSkippingEnvOptions = Omit<TimeSkippingTestWorkflowEnvironmentOptions, 'server'> & {
  /** Custom search attributes to register; default: all of `caseSearchAttributes`. `[]` registers none. */
  searchAttributes?: SearchAttributeKey<SearchAttributeType>[];
};

/**
 * Starts a time-skipping test server on a free port, connects to it and registers the custom search attributes.
 * Client and plugin options pass through. Call `env.teardown()` when done: it also stops the
 * server. Throws when the server does not listen within `SERVER_START_TIMEOUT_MS`.
 */
export async function createTimeSkippingEnv(options: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  if (!existsSync(testServerExecutable)) {
    throw new Error(`${testServerExecutable} not found; run: bash scripts/setup-tools.sh --test-server`);
  }
  const { searchAttributes = Object.values(caseSearchAttributes), ...envOptions } = options;
  // The SDK's own start gives the JVM a fixed 5 s to listen (sdk-core's ephemeral server), which a loaded 2-core
  // machine misses again and again: start it here and wait for its port as long as it takes.
  const port = await freePort();
  const server = startProcess(
    testServerExecutable,
    [String(port), '--enable-time-skipping'],
    {},
    {
      name: 'temporal-test-server',
    },
  );
  let env: TestWorkflowEnvironment | undefined;
  try {
    await waitForPort(port, server);
    env = await connectTimeSkipping({ ...envOptions, address: `127.0.0.1:${port}`, namespace: 'default' });
    await registerSearchAttributes(env.connection, searchAttributes, env.namespace ?? 'default');
  } catch (err) {
    await env?.teardown();
    await server.stop();
    throw err;
  }
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    await server.stop();
  };
  return env;
}

const SERVER_START_TIMEOUT_MS = 120_000;

/** Resolves once `port` accepts a TCP connection; rejects when the server exits first or after the timeout. */
async function waitForPort(port: number, server: ProcessHandle): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  for (;;) {
    if (!server.running) throw new Error(`the test server exited before listening:\n${server.output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`the test server did not listen on ${port} in ${SERVER_START_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

/**
 * A time-skipping environment on a server started here. The SDK (1.24) offers this only through its private
 * `create`, which `createTimeSkipping` and `createFromExistingServer` call: the existing server with time skipping on.
 */
function connectTimeSkipping(
  options: Omit<TimeSkippingTestWorkflowEnvironmentOptions, 'server'> & { address: string; namespace: string },
): Promise<TestWorkflowEnvironment> {
  const create = (
    TestWorkflowEnvironment as unknown as {
      create(opts: Record<string, unknown>): Promise<TestWorkflowEnvironment>;
    }
  ).create.bind(TestWorkflowEnvironment);
  return create({ ...options, server: { type: 'existing' }, supportsTimeSkipping: true });
}

/**
 * Registers custom search attributes through the OperatorService (works on the Java test server and the dev server).
 * Already registered keys are skipped (the Java test server answers ALREADY_EXISTS, the dev server OK).
 */
export async function registerSearchAttributes(
  connection: Connection,
  keys: SearchAttributeKey<SearchAttributeType>[] = Object.values(caseSearchAttributes),
  namespace = 'default',
): Promise<void> {
  for (const key of keys) {
    const type = encodeSearchAttributeIndexedValueType(key.type);
    if (type === undefined) throw new Error(`unknown search attribute type ${key.type} for ${key.name}`);
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: type } });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
    }
  }
}
