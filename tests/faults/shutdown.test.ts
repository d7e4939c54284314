import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useDevServer } from '../support/dev-server-fixture';
import { openEventStream } from '../support/event-stream';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { freePort, startProcess, type ProcessHandle } from '../support/process';
import { waitFor } from '../support/wait';
import { apiAs } from '../support/http-api';

// Issue 22, shutdown: SIGTERM to the start script (as an orchestrator or `kill` sends it, to the script alone) stops
// the API and the worker it started, with an event stream open, and leaves no process behind within 15 s. The script
// runs as `npm start` runs it, against this file's Temporal dev server and PostgreSQL (so it starts neither itself).
const fixture = useDevServer();
let postgres: TestPostgres;
let script: ProcessHandle | undefined;

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await script?.kill9();
  await postgres?.destroy();
});

/** The pids of the live processes in process group `pgid` (from /proc: field 5 of stat). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

it('stops the API and the worker on SIGTERM to the start script, ending an open event stream with a retry hint', async () => {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'procwf-start-'));
  script = startProcess(
    'bash',
    ['scripts/start.sh'],
    {
      TEMPORAL_ADDRESS: fixture.server.address,
      DATABASE_URL: postgres.url,
      DATA_DIR: dataDir,
      PORT: String(port),
    },
    { name: 'start.sh' },
  );
  await script.waitForOutput(/Press Ctrl-C to stop/, 240_000);
  const base = `http://127.0.0.1:${port}/api`;
  const { token } = await apiAs(`http://127.0.0.1:${port}`, 'monitor_guard');
  const stream = await openEventStream(`${base}/stream`, { authorization: `Bearer ${token}` });
  expect(stream.status).toBe(200);
  await waitFor(() => stream.events.some((e) => e.event === 'ready'), { what: 'the stream to start' });
  const started = groupMembers(script.pid);
  expect(started.length).toBeGreaterThanOrEqual(3); // the script, the worker and the API at least

  process.kill(script.pid, 'SIGTERM'); // the script alone, not its group
  await stream.ended;
  const last = stream.events.at(-1)!;
  expect(last).toMatchObject({ event: 'shutdown', data: JSON.stringify({ reason: 'server-stopping' }) });
  expect(last.id).toBeDefined(); // where the client resumes
  const exit = await Promise.race([
    script.exited,
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000)),
  ]);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(groupMembers(script.pid)).toEqual([]);
  expect(script.output()).toMatch(/Stopping…/);
  expect(readFileSync(path.join(dataDir, 'api.log'), 'utf8')).toMatch(/"msg":"api stopped"/);
  expect(readFileSync(path.join(dataDir, 'worker.log'), 'utf8')).toMatch(/"msg":"worker stopped"/);
});
