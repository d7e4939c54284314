import type * as EngineModules from './engine-modules';

/**
 * The procedures and the case engine, loaded once per workflow thread and shared by every case on it.
 *
 * The SDK runs all cases in one V8 context but gives each case its own copy of every module, so each case used to
 * evaluate zod, xstate, the holiday data and all procedures: ~3 MB and ~140 ms of CPU per case loaded into the cache
 * (bench/worker-memory.ts). This module is preloaded into the shared context (worker/workflow-bundle.ts), so the
 * variable below is the thread's, not the case's; the first case to ask loads the engine and every later case gets the
 * same objects.
 *
 * Why not preload the engine itself: the SDK deep-freezes preloaded modules, and zod finishes building a schema on
 * its first parse, which a frozen schema refuses. Loaded here, after the freeze, nothing is frozen.
 *
 * Safe to share because the engine keeps no state of a case at module level: a case lives in its CaseCore and its
 * xstate snapshot. The only module-level values are caches of pure results (time-zone formatters, compiled calendars).
 */
let loaded: typeof EngineModules | undefined;

export function engine(): typeof EngineModules {
  // A require at first use, not an import: an import would load the engine into every case's own module copies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./engine-modules') as typeof EngineModules;
  return loaded;
}
