import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The boundary check of the test command (.dependency-cruiser.cjs) on a probe file written into a part for the test:
 * it fails on a forbidden import and passes on the same file without it. Each probe is cruised alone, so the test
 * does not depend on the rest of the tree being clean (the test command checks that).
 */
const root = path.join(__dirname, '..', '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

function check(file: string, source: string): { status: number | null; output: string } {
  const absolute = path.join(root, file);
  writeFileSync(absolute, source);
  try {
    const run = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', file], {
      cwd: root,
      encoding: 'utf8',
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(absolute, { force: true });
  }
}

const probe = (part: string) => `${part}/boundary-probe-${process.pid}.ts`;

describe('the boundary check', () => {
  it('fails when workflow code imports a Node built-in, and passes without it', () => {
    const file = probe('workflows/engine');
    const bad = check(file, "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain(`workflow-code-imports-no-node-builtin: ${file} → fs`);

    const good = check(file, "import { dueAt } from '../calendar';\nexport const probe = dueAt;\n");
    expect([good.status, good.output]).toEqual([0, expect.stringContaining('no dependency violations')]);
  });

  it('fails when a part reaches past another part’s front door, and passes through the door', () => {
    const file = probe('api');
    const bad = check(
      file,
      "import { CaseCore } from '../workflows/engine/case-core';\nexport const probe = CaseCore;\n",
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain(`front-door-of-workflows-engine: ${file} → workflows/engine/case-core.ts`);

    const good = check(file, "import { CaseCore } from '../workflows/engine';\nexport const probe = CaseCore;\n");
    expect([good.status, good.output]).toEqual([0, expect.stringContaining('no dependency violations')]);
  });

  it('fails on an arrow the table does not allow (the engine importing the API)', () => {
    const file = probe('workflows/engine');
    const bad = check(file, "import { createApp } from '../../api';\nexport const probe = createApp;\n");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain(`arrows-from-workflows-engine: ${file} → api/index.ts`);
  });

  it('fails when an API router imports another router, and passes through a shared module', () => {
    const file = `api/sites/boundary-probe-${process.pid}-router.ts`;
    const bad = check(file, "import { requireUser } from '../auth/router';\nexport const probe = requireUser;\n");
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain(`api-routers-imported-only-by-the-app: ${file} → api/auth/router.ts`);

    const good = check(file, "import { verifySession } from '../auth/tokens';\nexport const probe = verifySession;\n");
    expect([good.status, good.output]).toEqual([0, expect.stringContaining('no dependency violations')]);
  });
});

describe('docs/architecture.md', () => {
  it('lists the same parts and arrows as the checked table', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { allowed } = require('../../.dependency-cruiser.cjs') as { allowed: Record<string, string[]> };
    const short = (part: string) => part.replace(/^workflows\//, '');
    const doc = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');
    const rows = doc
      .split('\n')
      .map((line) => /^\| `([a-z/]+?)\/?` +\|.*\| ([a-z ,]+?) +\|$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2] === 'nothing' ? [] : m[2]!.split(', ').sort()] as const);
    const expected = Object.entries(allowed).map(([part, to]) => [part, to.map(short).sort()] as const);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });
});
