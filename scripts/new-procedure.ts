/**
 * npm run new-procedure -- <id> [--prefix XX] [--name-en "…"] [--name-zh "…"] [--no-record]
 *
 * Creates workflows/procedures/<id>/ with a working two-step procedure (machine, schemas, policy, zh-CN/en strings,
 * deadline scenarios for the conformance test, model-based and time-skipping tests), adds its line to
 * workflows/procedures/index.ts, writes its generated page (docs/procedures/<id>-v1.md) and records its replay
 * histories (tests/histories/<id>-*.json) by running its time-skipping test. The suite passes right after; then change
 * the machine into the real procedure (docs/adding-a-procedure.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { procedures } from '../workflows/procedures';
import { defaultPrefix, idProblem, procedureFiles, titleOf, withRegistryLine } from './procedure-templates';

/** Writes the folder and the registry line under `root` (the repository); returns the paths written. */
export async function newProcedure(
  root: string,
  id: string,
  options: {
    prefix?: string;
    nameEn?: string;
    nameZh?: string;
    taken?: readonly { id: string; numberPrefix: string }[];
  } = {},
): Promise<string[]> {
  const problem = idProblem(id);
  if (problem) throw new Error(problem);
  const taken = options.taken ?? procedures;
  const prefix = (options.prefix ?? defaultPrefix(id)).toUpperCase();
  if (!/^[A-Z]{2,4}$/.test(prefix)) throw new Error(`number prefix ${prefix}: use 2–4 letters (--prefix)`);
  const owner = taken.find((p) => p.numberPrefix === prefix && p.id !== id);
  if (owner) throw new Error(`number prefix ${prefix} is taken by ${owner.id}; choose another with --prefix`);
  if (taken.some((p) => p.id === id)) throw new Error(`procedure ${id} is already registered`);
  const folder = path.join(root, 'workflows', 'procedures', id);
  if (existsSync(folder)) throw new Error(`${path.relative(root, folder)} already exists`);

  const files = procedureFiles({ id, prefix, nameEn: options.nameEn ?? titleOf(id), nameZh: options.nameZh ?? id });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }
  const registry = path.join(root, 'workflows', 'procedures', 'index.ts');
  writeFileSync(registry, withRegistryLine(readFileSync(registry, 'utf8'), id));
  written.push(registry);
  // The project's formatter, so the new files pass `prettier --check` as they are.
  const prettier = path.join(__dirname, '..', 'node_modules', '.bin', 'prettier');
  execFileSync(prettier, ['--write', '--log-level', 'warn', ...written], { cwd: root, stdio: 'inherit' });
  return written;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      prefix: { type: 'string' },
      'name-en': { type: 'string' },
      'name-zh': { type: 'string' },
      'no-record': { type: 'boolean' },
    },
  });
  const id = positionals[0];
  if (!id || positionals.length > 1) {
    console.error('usage: npm run new-procedure -- <id> [--prefix XX] [--name-en "…"] [--name-zh "…"] [--no-record]');
    process.exit(2);
  }
  const root = path.join(__dirname, '..');
  const written = await newProcedure(root, id, {
    prefix: values.prefix,
    nameEn: values['name-en'],
    nameZh: values['name-zh'],
  });
  for (const file of written) console.log(`wrote ${path.relative(root, file)}`);
  // The generated page and the recorded histories, so that the whole suite passes right away.
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  execFileSync(bin('tsx'), ['scripts/gen-procedure-docs.ts'], { cwd: root, stdio: 'inherit' });
  if (!values['no-record']) {
    const record = () =>
      execFileSync(bin('jest'), [`workflows/procedures/${id}/${id}.temporal.test.ts`, '--maxWorkers=1'], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, RECORD_HISTORIES: '1' },
      });
    // On a fresh clone the Java test server is not in .tools/bin yet (npm test installs it): install it first.
    execFileSync('bash', ['scripts/setup-tools.sh', '--no-cli', '--test-server'], { cwd: root, stdio: 'inherit' });
    console.log('recording replay histories (RECORD_HISTORIES=1, the time-skipping test)…');
    try {
      record();
    } catch {
      console.log('the time-skipping test failed; trying once more…');
      record();
    }
  }
  console.log(`\nNext: shape the machine into the real procedure (docs/adding-a-procedure.md), then npm test.`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
