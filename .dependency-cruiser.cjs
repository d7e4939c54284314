/**
 * The parts of the app and the arrows allowed between them, written once (docs/architecture.md draws them). Run by
 * the test command (`npx depcruise --config .dependency-cruiser.cjs <parts>`, scripts/test.sh, lint section) and by
 * tests/architecture/boundaries.test.ts, which shows a forbidden import fails it.
 *
 * Rules:
 * 1. A part imports another part only through that part's front door (its index.ts).
 * 2. A part imports only the parts listed for it in `allowed` below.
 * 3. Workflow code (workflows/**) imports no Node built-in: it must replay deterministically inside Temporal's sandbox.
 * 4. No app code imports test code.
 * 5. In the API, only the app (api/app.ts) imports a router: no router imports another, and what two routes share
 *    lives in a shared module (the access rule, paging, messages, schemas), not in a router.
 *
 * Tests (`*.test.ts`, tests/, a procedure's deadline-scenarios.ts, activities/channels/test-support.ts), scripts/ and
 * bench/ are tooling, not parts: they may reach inside a part to test or measure it; rule 3 still holds for the test
 * support that lives under workflows/ only where it is not itself a test.
 */

/** Each part, and the parts it may import (through their front doors). */
const allowed = {
  'workflows/calendar': [],
  'workflows/engine': ['workflows/calendar'],
  'workflows/procedures': ['workflows/engine', 'workflows/calendar'],
  config: ['workflows/engine', 'workflows/procedures', 'workflows/calendar'],
  // The app's records in PostgreSQL (issue 16): written by activities, read by the API.
  records: ['config', 'workflows/engine'],
  activities: ['config', 'workflows/engine', 'workflows/procedures', 'records'],
  worker: ['config', 'activities', 'workflows/engine', 'workflows/procedures', 'records'],
  api: ['config', 'workflows/engine', 'workflows/procedures', 'workflows/calendar', 'records'],
  ui: [],
};

/**
 * The one arrow the table cannot say: the engine's loader (engine-modules.ts, loaded once per worker thread through
 * shared-engine.ts) hands the procedures registry to the cases it runs; nothing else in the engine imports procedures.
 */
const exceptions = [{ from: '^workflows/engine/engine-modules\\.ts$', to: '^workflows/procedures/index\\.ts$' }];

const parts = Object.keys(allowed);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const under = (part) => `^${esc(part)}/`;
/** Test code and tooling: exempt from rules 1 and 2 (see above). */
const testCode = [
  '\\.test\\.tsx?$',
  '^tests/',
  '/deadline-scenarios\\.ts$',
  '^activities/channels/test-support\\.ts$',
  '^scripts/',
  '^bench/',
];
// workflows/index.ts is the worker's bundle entry (Temporal's bundler loads it by path): part of the engine.
const partPath = (part) => (part === 'workflows/engine' ? [under(part), '^workflows/index\\.ts$'] : [under(part)]);
/** A router of the API: `router.ts` or `<name>-router.ts` in a resource's folder. */
const apiRouter = '^api/[^/]+/(router|[^/]+-router)\\.ts$';
const frontDoor = (part) => `^${esc(part)}/index\\.tsx?$`;

const arrowRules = parts.map((part) => {
  const others = parts.filter((p) => p !== part && !allowed[part].includes(p));
  return {
    name: `arrows-from-${part.replace('/', '-')}`,
    comment: `${part} may import only ${allowed[part].join(', ') || 'no other part'} (.dependency-cruiser.cjs: allowed)`,
    severity: 'error',
    from: { path: partPath(part), pathNot: testCode },
    to: {
      path: others.flatMap(partPath),
      pathNot: part === 'workflows/engine' ? exceptions.map((e) => e.to) : [],
    },
  };
});

// Each exception is one file's arrow: only that file may take it.
const exceptionRules = exceptions.map((e, i) => ({
  name: `exception-${i + 1}-only-from-its-file`,
  comment: 'an exception to the arrows holds for its one file only',
  severity: 'error',
  from: { path: under('workflows/engine'), pathNot: [e.from, ...testCode] },
  to: { path: e.to },
}));

const frontDoorRules = parts.map((part) => ({
  name: `front-door-of-${part.replace('/', '-')}`,
  comment: `other parts import ${part} only through ${part}/index.ts`,
  severity: 'error',
  from: { pathNot: [...partPath(part), ...testCode] },
  to: { path: under(part), pathNot: [frontDoor(part)] },
}));

module.exports = {
  forbidden: [
    ...arrowRules,
    ...exceptionRules,
    ...frontDoorRules,
    {
      name: 'workflow-code-imports-no-node-builtin',
      comment: 'workflow code must replay deterministically: no file system, network, processes, clocks of Node',
      severity: 'error',
      from: { path: '^workflows/', pathNot: ['\\.test\\.tsx?$', '\\.temporal\\.test\\.ts$'] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'api-routers-imported-only-by-the-app',
      comment: 'a router never imports another router: what routes share lives in a shared module (rule 5)',
      severity: 'error',
      from: { path: '^api/', pathNot: ['^api/app\\.ts$', ...testCode] },
      to: { path: apiRouter },
    },
    {
      name: 'app-code-imports-no-test-code',
      comment: 'test support stays out of what the app runs',
      severity: 'error',
      from: { path: parts.flatMap(partPath), pathNot: testCode },
      to: { path: testCode.filter((p) => p !== '^scripts/' && p !== '^bench/') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^ui/dist/', '^\\.tools/', '^data/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

// The table itself, for tests/architecture/boundaries.test.ts to hold docs/architecture.md to it (not enumerable, so
// dependency-cruiser's own check of this file does not see it).
Object.defineProperty(module.exports, 'allowed', { value: allowed, enumerable: false });
