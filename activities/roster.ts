import { onDutyAt } from '../config';
import type { OnDutyAnswer, OnDutyQuery } from '../workflows/engine';
import { activitySettings } from './settings';

/**
 * Activity: who holds `query.role` at `query.site` at `query.at` (the rung's firing time, ISO) under the site's
 * on-duty roster of config/rosters/ (issue 21 point 3), as the worker loaded it: the person on duty, else the role's
 * deputy, else `nobody`; `no_roster` when the site has no roster (any more) or it does not list the role. Reads no
 * clock: the same query gives the same answer on every attempt while the roster is unchanged, and the answer is kept
 * in the case's history.
 *
 * @throws Error when `query.at` is not a time (a bug of the caller; the activity retries).
 */
export async function onDuty(query: OnDutyQuery): Promise<OnDutyAnswer> {
  const at = Date.parse(query.at);
  if (Number.isNaN(at)) throw new Error(`onDuty: ${query.at} is not a time`);
  const { config } = activitySettings();
  const roster = config.rosters?.get(query.site);
  if (!roster) return { by: 'no_roster' };
  const found = onDutyAt(roster, query.role, at);
  if (found.by === 'not_rostered') return { by: 'no_roster' };
  if (found.by === 'nobody') return found;
  const name = config.users.get(found.user)?.name;
  return { ...found, ...(name ? { name } : {}) };
}
