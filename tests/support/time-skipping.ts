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
import path from 'node:path';
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
} from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { caseSearchAttributes } from '../../workflows/engine/search-attributes';
import { toolsBin } from './process';

/** The wrapper script that `exec`s java with the test server's main class. */
export const testServerExecutable = path.join(toolsBin, 'temporal-test-server');

const GRPC_ALREADY_EXISTS = 6;

export type TimeSkippingEnvOptions = TimeSkippingTestWorkflowEnvironmentOptions & {
  /** Custom search attributes to register; default: all of `caseSearchAttributes`. `[]` registers none. */
  searchAttributes?: SearchAttributeKey<SearchAttributeType>[];
};

/**
 * Starts a time-skipping test server on a free port, connects to it and registers the custom search attributes.
 * `server.executable` is always the local wrapper; other options (client, plugins, server.port/extraArgs) pass
 * through. Call `env.teardown()` when done.
 */
export async function createTimeSkippingEnv(options: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  if (!existsSync(testServerExecutable)) {
    throw new Error(`${testServerExecutable} not found; run: bash scripts/setup-tools.sh --test-server`);
  }
  const { searchAttributes = Object.values(caseSearchAttributes), ...envOptions } = options;
  const env = await startWithRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      ...envOptions,
      server: { ...envOptions.server, executable: { type: 'existing-path', path: testServerExecutable } },
    }),
  );
  try {
    await registerSearchAttributes(env.connection, searchAttributes, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

/**
 * The SDK gives the JVM a fixed 5 s to answer (sdk-core's ephemeral_server). A plain JVM start of the server took 20 s
 * at load 15 on 2 cores; the wrapper uses the class-data-sharing archive setup-tools writes (7 s at the same load).
 * Past that, try again, a few times, on that one error only.
 */
async function startWithRetries<T>(start: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= attempts || !/did not start within/.test(String((err as Error)?.message))) throw err;
    }
  }
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
