import type { ProcedureDefinition } from '../engine/definition';
import { perimeterAlarm } from './perimeter-alarm';
import { internalTheft } from './internal-theft';
import { storeTheft } from './store-theft';
import { complaint } from './complaint';

/** Every procedure the app runs; adding a procedure adds one line here. */
export const procedures: readonly ProcedureDefinition[] = [perimeterAlarm, internalTheft, storeTheft, complaint];

/** The definition of `id` at `version` (the newest when omitted). */
export function getProcedure(id: string, version?: number): ProcedureDefinition {
  const matches = procedures.filter((p) => p.id === id && (version === undefined || p.version === version));
  const found = matches.sort((a, b) => b.version - a.version)[0];
  if (!found) throw new Error(`unknown procedure ${id}${version === undefined ? '' : ` version ${version}`}`);
  return found;
}
