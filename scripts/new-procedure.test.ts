import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { CaseCore } from '../workflows/engine/case-core';
import type { ProcedureDefinition } from '../workflows/engine/definition';
import { casePolicyFor } from '../workflows/engine/policy';
import { procedures } from '../workflows/procedures';
import { caseAtDeadline, deadlineScenariosOf, timersOf } from '../tests/support/deadline-scenarios';
import { as } from '../tests/support/fixtures';
import { newProcedure } from './new-procedure';
import { defaultPrefix, withRegistryLine } from './procedure-templates';

// The scaffold writes into a scratch copy of the repository's layout (under data/, which no tool scans): the engine,
// the procedures and the test support are links to the real ones, the registry is a copy.
const repo = path.join(__dirname, '..');
const id = 'scaffold-probe';
let scratch: string;
let written: string[];

beforeAll(async () => {
  mkdirSync(path.join(repo, 'data'), { recursive: true });
  scratch = mkdtempSync(path.join(repo, 'data', 'scaffold-test-'));
  const procs = path.join(scratch, 'workflows', 'procedures');
  mkdirSync(procs, { recursive: true });
  mkdirSync(path.join(scratch, 'tests'));
  for (const dir of ['engine', 'calendar'])
    symlinkSync(path.join(repo, 'workflows', dir), path.join(scratch, 'workflows', dir));
  symlinkSync(path.join(repo, 'tests', 'support'), path.join(scratch, 'tests', 'support'));
  for (const entry of readdirSync(path.join(repo, 'workflows', 'procedures'), { withFileTypes: true })) {
    if (entry.isDirectory())
      symlinkSync(path.join(repo, 'workflows', 'procedures', entry.name), path.join(procs, entry.name));
  }
  copyFileSync(path.join(repo, 'workflows', 'procedures', 'index.ts'), path.join(procs, 'index.ts'));
  written = await newProcedure(scratch, id, { nameEn: 'Scaffold probe', nameZh: '脚手架探针' });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run new-procedure', () => {
  it('writes the folder and adds one line (and its import) to the registry', () => {
    const rel = written.map((f) => path.relative(scratch, f)).sort();
    expect(rel).toEqual(
      [
        'i18n/en.json',
        'i18n/zh-CN.json',
        'deadline-scenarios.ts',
        'events.ts',
        'index.ts',
        'machine.test.ts',
        'machine.ts',
        'policy.ts',
        `${id}.temporal.test.ts`,
      ]
        .map((f) => `workflows/procedures/${id}/${f}`)
        .concat('workflows/procedures/index.ts')
        .sort(),
    );
    const before = readFileSync(path.join(repo, 'workflows', 'procedures', 'index.ts'), 'utf8').split('\n');
    const after = readFileSync(path.join(scratch, 'workflows', 'procedures', 'index.ts'), 'utf8').split('\n');
    expect(after.filter((l) => !before.includes(l))).toEqual([
      "import { scaffoldProbe } from './scaffold-probe';",
      '  scaffoldProbe,',
    ]);
  });

  it('generates a procedure whose code type-checks under the project settings', () => {
    const config = {
      extends: path.join(repo, 'tsconfig.json'),
      compilerOptions: { noEmit: true },
      include: [],
      exclude: [],
      // The procedure's own code; its tests run with the suite once the folder is in a real clone (see the guide).
      files: ['index', 'machine', 'events', 'policy', 'deadline-scenarios'].map(
        (f) => `workflows/procedures/${id}/${f}.ts`,
      ),
    };
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify(config));
    const tsc = path.join(repo, 'node_modules', '.bin', 'tsc');
    let output = '';
    try {
      execFileSync(tsc, ['-p', path.join(scratch, 'tsconfig.json')], { stdio: 'pipe' });
    } catch (err) {
      output = String((err as { stdout?: Buffer }).stdout ?? err);
    }
    expect(output).toBe('');
  });

  it('writes its machine on the engine’s toolkit: the event union from the schemas, the shared stamp, no casts', () => {
    const machine = readFileSync(path.join(scratch, 'workflows', 'procedures', id, 'machine.ts'), 'utf8');
    expect(machine).toContain('StepEventsOf<typeof events>');
    expect(machine).toContain('recorded(event)');
    expect(machine).not.toMatch(/StepEvent<'|type Done =|const done =|event as /);
  });

  it('generates a procedure that runs: two steps to the end, and a deadline that escalates', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const registry = require(path.join(scratch, 'workflows', 'procedures')) as {
      getProcedure: (id: string) => ProcedureDefinition;
      registryProblems: () => string[];
    };
    const def = registry.getProcedure(id);
    expect(registry.registryProblems()).toEqual([]);
    expect(def).toMatchObject({ id, version: 1, numberPrefix: 'SP' });
    const t0 = Date.parse('2026-11-24T02:00:00Z');
    const start = {
      caseId: `${id}-x-1`,
      number: 'SP-20261124-0001',
      site: 'x',
      policy: casePolicyFor(def),
      data: { description: 'probe' },
      startedBy: as('monitor_guard'),
    };
    const late = CaseCore.start(def, start, t0);
    const deadline = late.effects.find((e) => e.kind === 'startTimer')!;
    expect(deadline).toMatchObject({ dueAt: t0 + 15 * 60_000 });
    late.core.fireTimer((deadline as { key: string }).key, t0 + 15 * 60_000);
    expect(late.core.view(t0 + 15 * 60_000).escalations.map((e) => e.to)).toEqual(['squad_leader']);

    const { core } = CaseCore.start(def, start, t0);
    core.applyStep({ type: 'response_recorded', data: { action: 'went' }, actor: as('squad_leader') }, t0 + 1000);
    core.applyStep({ type: 'case_closed', data: { summary: 'ok' }, actor: as('security_captain') }, t0 + 2000);
    expect(core.view(t0 + 2000)).toMatchObject({ status: 'closed', state: 'closed', timers: [] });
  });

  it('gives every deadline a scenario that the conformance test can run: reached by its steps, met by its step', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const registry = require(path.join(scratch, 'workflows', 'procedures')) as {
      getProcedure: (id: string) => ProcedureDefinition;
    };
    const def = registry.getProcedure(id);
    const timers = timersOf(def);
    expect(timers).toEqual(['closing', 'response']);
    // The same loader and case driver as tests/conformance/procedures.test.ts; it throws when the file is missing.
    const scenarios = deadlineScenariosOf(def, scratch);
    expect(timers.filter((timer) => !scenarios[timer])).toEqual([]);
    for (const timer of timers) {
      const c = caseAtDeadline(def, scenarios[timer]!, timer);
      c.send(scenarios[timer]!.step, c.dueAt - 1000);
      expect(c.record()).toMatchObject({ timer, outcome: 'met' });
    }
  });

  it('refuses a taken id or prefix, and a bad id', async () => {
    await expect(newProcedure(scratch, 'perimeter-alarm', { taken: procedures })).rejects.toThrow('already registered');
    await expect(newProcedure(scratch, 'zeta-jolt', { taken: procedures })).rejects.toThrow(
      'number prefix ZJ is taken by perimeter-alarm',
    );
    await expect(newProcedure(scratch, 'Bad_Id')).rejects.toThrow('lowercase');
    expect(defaultPrefix('lift')).toBe('LI');
    expect(() => withRegistryLine('const x = 1;\n', 'a-b')).toThrow('cannot find');
  });
});
