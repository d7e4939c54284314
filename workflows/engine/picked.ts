import type { Escalation } from './contract';

/**
 * The one person a rung goes to when the site's on-duty roster picked one (on duty, or the deputy; issue 21 point 3):
 * their user id. Undefined when the rung goes to everyone holding its role (no roster record, `no_roster`,
 * `everyone`) or told nobody (`next_rung`). E-mail, SMS and in-app all address the rung by it.
 */
export const pickedBy = (escalation: Pick<Escalation, 'roster'>): string | undefined =>
  escalation.roster?.by === 'on_duty' || escalation.roster?.by === 'deputy' ? escalation.roster.user : undefined;
