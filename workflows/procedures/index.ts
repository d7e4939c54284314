import type { OutsideTrigger, ProcedureDefinition } from '../engine';
import { perimeterAlarm } from './perimeter-alarm';
import { internalTheft } from './internal-theft';
import { storeTheft } from './store-theft';
import { complaint } from './complaint';
import { residentialTheft } from './residential-theft';
import { mallTheft } from './mall-theft';
import { complaintManufacturer } from './complaint-manufacturer';
import { complaintCarDealer } from './complaint-car-dealer';
import { complaintRetail } from './complaint-retail';

/**
 * Every procedure the app runs, one line each; adding a procedure adds one line here. A line is one definition, or
 * every version of a procedure (oldest first) when it ships more than one: see docs/adding-a-procedure.md.
 */
const registered: ReadonlyArray<ProcedureDefinition | readonly ProcedureDefinition[]> = [
  perimeterAlarm,
  internalTheft,
  storeTheft,
  complaint,
  residentialTheft,
  mallTheft,
  complaintManufacturer,
  complaintCarDealer,
  complaintRetail,
];

/** Every definition of every version. */
export const procedures: readonly ProcedureDefinition[] = registered.flat();

/** The definition of `id` at `version` (the newest when omitted: only a new case may ask for that). */
export function getProcedure(id: string, version?: number): ProcedureDefinition {
  const matches = procedures.filter((p) => p.id === id && (version === undefined || p.version === version));
  const found = matches.sort((a, b) => b.version - a.version)[0];
  if (!found) throw new Error(`unknown procedure ${id}${version === undefined ? '' : ` version ${version}`}`);
  return found;
}

/** The newest version of each procedure, in registry order: what a new case gets. */
export function newestProcedures(): ProcedureDefinition[] {
  const ids = [...new Set(procedures.map((p) => p.id))];
  return ids.map((id) => getProcedure(id));
}

/**
 * The procedure an outside `source` opens cases of (its newest version) and that procedure's trigger for it, or
 * undefined when no procedure declares the source.
 */
export function triggeredBy<S extends OutsideTrigger['source']>(
  source: S,
): { procedure: ProcedureDefinition; trigger: Extract<OutsideTrigger, { source: S }> } | undefined {
  for (const procedure of newestProcedures()) {
    const trigger = procedure.triggers?.find((t): t is Extract<OutsideTrigger, { source: S }> => t.source === source);
    if (trigger) return { procedure, trigger };
  }
  return undefined;
}

/** Every version of `id`, oldest first. */
export function versionsOf(id: string): ProcedureDefinition[] {
  return procedures.filter((p) => p.id === id).sort((a, b) => a.version - b.version);
}

/**
 * What is wrong with a registry, in words (empty when nothing): duplicate versions, a number prefix or an outside
 * trigger that two procedures claim.
 */
export function registryProblems(list: readonly ProcedureDefinition[] = procedures): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const prefixOwner = new Map<string, string>();
  const triggerOwner = new Map<string, string>();
  for (const def of list) {
    const key = `${def.id}@${def.version}`;
    if (seen.has(key)) problems.push(`${def.id} version ${def.version} is registered twice`);
    seen.add(key);
    if (!Number.isInteger(def.version) || def.version < 1) problems.push(`${key}: version must be a positive integer`);
    if (!/^[a-z][a-z0-9-]*$/.test(def.id)) problems.push(`${def.id}: id must be lowercase letters, digits and dashes`);
    if (def.machine.id !== def.id) problems.push(`${key}: machine id ${def.machine.id} differs from the procedure id`);
    const owner = prefixOwner.get(def.numberPrefix);
    if (owner && owner !== def.id) problems.push(`${def.id}: number prefix ${def.numberPrefix} is taken by ${owner}`);
    prefixOwner.set(def.numberPrefix, def.id);
    for (const { source } of def.triggers ?? []) {
      const owner = triggerOwner.get(source);
      if (owner && owner !== def.id) problems.push(`${def.id}: trigger ${source} is taken by ${owner}`);
      triggerOwner.set(source, def.id);
    }
  }
  return problems;
}
