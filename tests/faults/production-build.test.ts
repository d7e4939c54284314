import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { useDevServer } from '../support/dev-server-fixture';
import { apiAs } from '../support/http-api';
import { ancestorsOf, startOtlpReceiver } from '../support/otlp-receiver';
import { freePort, repoRoot, startProcess, type ProcessHandle } from '../support/process';
import { waitFor } from '../support/wait';

// Issue 22 point 7 (slow: a build, an `npm ci` and two processes, 3-5 minutes): `npm run build` on a copy of the
// repository's tracked files, then a production install of what it built (`npm ci --omit=dev`: no tsx, no
// TypeScript, no Vite) started with plain node (`npm run start:prod`) against this file's Temporal dev server, serves
// the UI and a case from open to a step, and stops on SIGTERM; with OTLP configured, it sends the spans made inside
// the workflow (point 3) from the traced bundle the build made.
const fixture = useDevServer();
const exec = promisify(execFile);
// The node that runs the built app: this one, or another line's (scripts/check-node-lines.sh sets Node 22's and 24's).
const productionNode = process.env.PRODUCTION_NODE || process.execPath;
/** execFile that fails with the command's own output in the message. */
const run = (cmd: string, args: string[], opts: { cwd: string }) =>
  exec(cmd, args, { ...opts, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    },
  );
let src: string;
let prod: string;
let app: ProcessHandle | undefined;

beforeAll(async () => {
  // A clean copy (the files git tracks or would, the way a clone has them), so the build never touches this checkout's ui/dist,
  // which other tests serve; its node_modules is this checkout's.
  src = mkdtempSync(path.join(os.tmpdir(), 'procwf-build-src-'));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(repoRoot, file))) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(src, file));
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(src, 'node_modules'));
  await run('npm', ['run', 'build'], { cwd: src });
  // What a production image holds: the manifest, what the build made, the configuration; then the runtime packages.
  prod = mkdtempSync(path.join(os.tmpdir(), 'procwf-build-prod-'));
  for (const part of ['package.json', 'package-lock.json', 'dist', 'config', 'ui/dist'])
    cpSync(path.join(src, part), path.join(prod, part), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: prod,
  });
}, 900_000);
afterAll(async () => {
  await app?.kill9();
  for (const dir of [src, prod]) if (dir) rmSync(dir, { recursive: true, force: true }); // ~400 MB of packages
});

it('builds JavaScript, the workflow bundle and the UI, and nothing of it needs a dev dependency', () => {
  const bundles = ['dist/workflow-bundle.js', 'dist/workflow-bundle-traced.js'];
  for (const built of ['dist/api/server.js', 'dist/worker/main.js', ...bundles, 'ui/dist/index.html'])
    expect(existsSync(path.join(prod, built))).toBe(true);
  // The workflow tracing interceptors are in the traced bundle only: without traces no tracing code runs in a case.
  const [plain, traced] = bundles.map((b) => readFileSync(path.join(prod, b), 'utf8'));
  expect(traced).toContain('OpenTelemetryInboundInterceptor');
  expect(plain).not.toContain('OpenTelemetryInboundInterceptor');
  const devDependencies = Object.keys(
    (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: object })
      .devDependencies,
  );
  for (const dev of ['tsx', 'typescript', 'vite', 'jest']) {
    expect(devDependencies).toContain(dev);
    expect(existsSync(path.join(prod, 'node_modules', dev))).toBe(false);
  }
});

it('starts with plain node after npm ci --omit=dev, serves the UI and a case, and stops on SIGTERM', async () => {
  const port = await freePort();
  // What `npm run start:prod` runs; node itself, so the SIGTERM below reaches the launcher alone, as from `kill`.
  app = startProcess(
    productionNode,
    ['dist/scripts/start-prod.js'],
    {
      TEMPORAL_ADDRESS: fixture.server.address,
      DATA_DIR: fixture.dataDir,
      PORT: String(port),
      TASK_QUEUE: 'production-build',
      DATABASE_URL: undefined,
    },
    { name: 'start:prod', cwd: prod },
  );
  await app.waitForOutput(/"msg":"worker started"/, 120_000);
  await app.waitForOutput(/"msg":"api listening"/, 60_000);
  // The worker took the prebuilt bundle: no webpack run at its start.
  expect(app.output()).not.toContain('Workflow bundle created');
  const base = `http://127.0.0.1:${port}`;
  // A failure below names what the launcher, the worker and the API said (a process that ended is the usual cause).
  const said = (err: unknown) => {
    throw new Error(`${String(err)}\n--- start:prod output (last 4,000 characters):\n${app!.output().slice(-4000)}`);
  };
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const guard = await apiAs(base, 'monitor_guard').catch(said);
  const { caseId } = await guard.open('perimeter-alarm', 'xinghe-mall', { zone: 'north-wall' }).catch(said);
  const stepped = await guard
    .step(caseId, 'patrol_dispatched', { patrol: ['孙伟'], squadLeaderInformed: true })
    .catch(said);
  expect(stepped.state).not.toBe('responding.awaitingDispatch');
  expect((await guard.view(caseId)).status).toBe('open');
  // SIGTERM to the launcher alone: it passes it to the worker and the API and waits for both.
  const started = Date.now();
  process.kill(app.pid, 'SIGTERM');
  await app.exited;
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(() => process.kill(-app!.pid, 0)).toThrow(/ESRCH/); // nothing left in its process group
  expect(app.output()).toContain('"msg":"api stopped"');
  expect(app.output()).toContain('"msg":"worker stopped"');
}, 300_000);

it('with OTEL_EXPORTER_OTLP_ENDPOINT, the built worker runs the traced bundle and sends spans from inside workflows', async () => {
  const otlp = await startOtlpReceiver();
  const port = await freePort();
  const traced = startProcess(
    productionNode,
    ['dist/scripts/start-prod.js'],
    {
      TEMPORAL_ADDRESS: fixture.server.address,
      DATA_DIR: fixture.dataDir,
      PORT: String(port),
      // The queue of the start before: the case-number sequence that start opened runs there (one per site and day).
      TASK_QUEUE: 'production-build',
      DATABASE_URL: undefined,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    { name: 'start:prod traced', cwd: prod },
  );
  try {
    await traced.waitForOutput(/"msg":"worker started"/, 120_000);
    await traced.waitForOutput(/"msg":"api listening"/, 60_000);
    expect(traced.output()).not.toContain('Workflow bundle created');
    const guard = await apiAs(`http://127.0.0.1:${port}`, 'monitor_guard');
    const { caseId } = await guard.open('perimeter-alarm', 'xinghe-mall', { zone: 'north-wall' });
    await guard.step(caseId, 'cameras_tracked', { climbingSeen: false });
    const run = await waitFor(() => otlp.received.find((s) => s.name === 'RunActivity:inform'), {
      timeoutMs: 60_000,
      what: 'the activity span of the step',
    }).catch((err: Error) => {
      throw new Error(`${err.message}; received: ${otlp.names().join(', ')}`);
    });
    await waitFor(() => ancestorsOf(run, otlp.received).some((n) => n.startsWith('procwf-api POST')), {
      timeoutMs: 30_000,
      what: 'the trace of the step up to its HTTP request',
    });
    expect(ancestorsOf(run, otlp.received).slice(0, 2)).toEqual([
      'procwf-worker StartActivity:inform',
      'procwf-worker HandleUpdate:step',
    ]);
  } finally {
    await traced.stop();
    await otlp.close();
  }
}, 300_000);
