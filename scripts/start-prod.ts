import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run start:prod`: the built worker and API (dist/, from `npm run build`) under plain node, on one machine,
 * against the Temporal of TEMPORAL_ADDRESS (nothing is installed or started besides). SIGTERM and SIGINT go to both;
 * it waits for them and exits when both have stopped, or stops the other and exits 1 when one of them ends on its own.
 * An orchestrator runs `node dist/worker/main.js` and `node dist/api/server.js` as two services instead.
 */
const dist = path.resolve(__dirname, '..');
const children: ChildProcess[] = [
  spawn(process.execPath, [path.join(dist, 'worker', 'main.js')], { stdio: 'inherit' }),
  spawn(process.execPath, [path.join(dist, 'api', 'server.js')], { stdio: 'inherit' }),
];
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
let left = children.length;
for (const child of children) {
  child.on('exit', (code) => {
    left -= 1;
    if (!stopping) {
      console.error(`${child.spawnargs.at(-1)} exited (${code ?? 'signal'}); stopping the other process`);
      process.exitCode = 1;
      stop('SIGTERM');
    }
    if (left === 0) process.exit();
  });
}
