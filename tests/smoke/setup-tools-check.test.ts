import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../support/process';

// Issue 22 point 7: `scripts/setup-tools.sh --check` lists the external tools `npm start` and `npm test` install, each
// present or missing, and installs nothing.
const run = promisify(execFile);
const TOOLS = [
  'Temporal CLI',
  'Go',
  'PostgreSQL server',
  'CJK font',
  'curl',
  'Java test server',
  'Java runtime',
  'Maven',
  'pdftotext',
  'Chromium',
  'schemathesis',
  'Python 3',
];

/** The rows of a --check listing: state and tool, keyed by the tool's name as in TOOLS. */
function rowsOf(stdout: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of stdout.split('\n').slice(1).filter(Boolean)) {
    const [state, tool] = [line.slice(0, 8).trim(), line.slice(9)];
    const name = TOOLS.find((t) => tool.startsWith(t));
    if (name) rows.set(name, state);
  }
  return rows;
}

it('names every tool with who uses it, in a clone without any: all of .tools/ missing, and nothing installed', async () => {
  // A clone of the script alone: its .tools/bin/ is empty, its cache a fresh directory.
  const root = mkdtempSync(path.join(os.tmpdir(), 'procwf-setup-check-'));
  mkdirSync(path.join(root, 'scripts'));
  cpSync(path.join(repoRoot, 'scripts', 'setup-tools.sh'), path.join(root, 'scripts', 'setup-tools.sh'));
  const cache = mkdtempSync(path.join(os.tmpdir(), 'procwf-setup-cache-'));
  const failed = await run('bash', [path.join(root, 'scripts', 'setup-tools.sh'), '--check'], {
    env: { ...process.env, XDG_CACHE_HOME: cache, TEMPORAL_ADDRESS: '' },
  }).then(
    () => undefined,
    (err: { code: number; stdout: string }) => err,
  );
  expect(failed?.code).toBe(1);
  const rows = rowsOf(failed!.stdout);
  expect([...rows.keys()].sort()).toEqual([...TOOLS].sort());
  for (const tool of ['Temporal CLI', 'Java test server', 'schemathesis']) expect(rows.get(tool)).toBe('missing');
  expect(failed!.stdout).toMatch(/^missing +Temporal CLI v[\d.]+ \(\.tools\/bin\/temporal\) +npm start, npm test +\S/m);
  expect(existsSync(path.join(root, '.tools'))).toBe(false);
  expect(readdirSync(cache)).toEqual([]);
});

it('says present for what this checkout has', async () => {
  const { stdout } = await run('bash', ['scripts/setup-tools.sh', '--check'], { cwd: repoRoot }).catch(
    (err: { stdout: string }) => err,
  );
  const rows = rowsOf(stdout);
  expect(rows.size).toBe(TOOLS.length);
  for (const state of rows.values()) expect(['present', 'missing']).toContain(state);
  // This checkout's Temporal CLI (scripts/setup-tools.sh links it for npm start) counts as present.
  const cli = path.join(repoRoot, '.tools', 'bin', 'temporal');
  expect(rows.get('Temporal CLI')).toBe(existsSync(cli) ? 'present' : 'missing');
  // It reports the version it was built from (issue 22 point 10: a plain `go install` says 0.0.0-DEV).
  if (existsSync(cli)) {
    const pinned = /^TEMPORAL_CLI_VERSION="v([^"]+)"/m.exec(
      readFileSync(path.join(repoRoot, 'scripts/setup-tools.sh'), 'utf8'),
    )![1];
    expect((await run(cli, ['--version'], { cwd: repoRoot })).stdout).toMatch(
      new RegExp(`^temporal version ${pinned} `),
    );
  }
});
