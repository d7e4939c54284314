/** The child-process helpers used by durability tests (kill -9 of a worker process and its children). */
import { freePort, kill9, startProcess } from '../support/process';
import { waitFor } from '../support/wait';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A parent that spawns a long-running grandchild, prints both pids, and ignores SIGTERM.
const parentScript = `
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
  console.log('ready ' + process.pid + ' ' + child.pid + ' ' + process.env.PROBE_VALUE);
  setInterval(() => {}, 1000);
`;

test('kill9() takes down the process group, grandchildren included', async () => {
  const proc = startProcess(process.execPath, ['-e', parentScript], { PROBE_VALUE: 'from-env' });
  const [, parentPid, childPid, value] = await proc.waitForOutput(/ready (\d+) (\d+) (\S+)/);
  expect(Number(parentPid)).toBe(proc.pid);
  expect(value).toBe('from-env');
  expect(alive(Number(childPid))).toBe(true);

  const exit = await proc.kill9();
  expect(exit.signal).toBe('SIGKILL');
  expect(proc.running).toBe(false);
  await waitFor(() => !alive(Number(childPid)), { what: 'the grandchild to die' });
});

test('stop() escalates to SIGKILL after the grace period; kill9(pid) works on bare pids', async () => {
  const proc = startProcess(process.execPath, ['-e', parentScript]);
  const [, , childPid] = await proc.waitForOutput(/ready (\d+) (\d+)/);
  const exit = await proc.stop(500);
  expect(proc.output()).toContain('ignoring SIGTERM');
  expect(exit.signal).toBe('SIGKILL');
  await waitFor(() => !alive(Number(childPid)), { what: 'the grandchild to die' });

  const other = startProcess('sleep', ['30']);
  kill9(other.pid);
  expect((await other.exited).signal).toBe('SIGKILL');
});

test('freePort() returns a usable port', async () => {
  const port = await freePort();
  expect(port).toBeGreaterThan(1024);
});
