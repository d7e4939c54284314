import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatsByZone, WEEKDAYS } from '../workflows/calendar';
import type { RosterShift, SitePolicy } from '../workflows/engine';
import { ConfigError } from './env';
import { parseFile } from './parse';
import type { User } from './users';

/**
 * The on-duty roster of a site (issue 21 point 3), one file per site: `config/rosters/<site id>.yaml`. For each role
 * it names who is on duty when — recurring weekly shifts, and dated shifts that replace them while they last — and
 * the role's deputy, told when nobody is on duty. Times are wall-clock times in the site's time zone
 * (`calendar.zone` of its config/sites/ file). An escalation rung to a role the roster lists goes to the person on
 * duty at the rung's firing time (else the deputy, else the next rung); a role it does not list, and every role of a
 * site without a file, goes to everyone holding it (as before rosters).
 */

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const LOCAL = /^\d{4}-\d{2}-\d{2} (?:[01]\d|2[0-3]):[0-5]\d$/;
const time = z.string().regex(HHMM, 'expected a time of day HH:MM, e.g. 08:00');
const localTime = z
  .string()
  .regex(LOCAL, 'expected a local date and time YYYY-MM-DD HH:MM, e.g. 2026-10-01 08:00')
  .refine((s) => !Number.isNaN(Date.parse(`${s.replace(' ', 'T')}:00Z`)), 'no such date');
const userId = z.string().min(1).describe('User id of config/users.yaml');

/**
 * A weekly shift: `user` is on duty on each of `days` from `from` to `to` (site time). A shift whose `to` is not
 * after its `from` runs over midnight into the next day (`from: '20:00'`, `to: '08:00'`); `from` = `to` is 24 hours.
 */
export const WeeklyShiftSchema = z.strictObject({
  user: userId,
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('Days the shift starts on: sun, mon, … sat'),
  from: time,
  to: time,
});
export type WeeklyShift = z.infer<typeof WeeklyShiftSchema>;

/**
 * A dated shift (holidays, swaps, leave): from `from` to `to` (local `YYYY-MM-DD HH:MM`, site time) it replaces the
 * role's weekly shifts. Without `user` nobody is on duty in that span (the deputy is told).
 */
export const DatedShiftSchema = z
  .strictObject({ user: userId.optional(), from: localTime, to: localTime, note: z.string().optional() })
  .refine((s) => s.from < s.to, { message: 'to must be after from', path: ['to'] });
export type DatedShift = z.infer<typeof DatedShiftSchema>;

/** Who holds one role when at the site: weekly shifts, dated shifts that replace them, and the deputy. */
export const RoleRosterSchema = z.strictObject({
  deputy: userId.optional().describe('Told when nobody is on duty; must hold the role at the site'),
  weekly: z.array(WeeklyShiftSchema).default([]),
  dated: z.array(DatedShiftSchema).default([]),
});
export type RoleRoster = z.infer<typeof RoleRosterSchema>;

/** A site's roster file: role id → its roster. */
export const RosterFileSchema = z.strictObject({
  roles: z.record(z.string().min(1), RoleRosterSchema).refine((r) => Object.keys(r).length > 0, 'no role listed'),
});

/** A site's roster as the activities use it: the file's roles and the site's time zone. */
export interface SiteRoster {
  site: string;
  /** IANA time zone the shifts' times are in (the site's calendar zone). */
  zone: string;
  roles: Record<string, RoleRoster>;
  /** The file it came from (for messages). */
  file: string;
}

/**
 * Reads config/rosters/*.yaml (`dir` is the config folder; no folder means no site has a roster).
 *
 * @throws ConfigError naming the file and what is wrong: a key's path and the schema's message, a file named after no
 *   site of config/sites/, or a shift's user or deputy who is not in config/users.yaml or does not hold the role at
 *   the site (`config/rosters/x.yaml: roles.squad_leader.weekly.0.user: li_lei does not hold squad_leader at x`).
 */
export function loadRosters(
  dir: string,
  sites: ReadonlyMap<string, SitePolicy>,
  users: ReadonlyMap<string, User>,
): Map<string, SiteRoster> {
  const rosterDir = path.join(dir, 'rosters');
  const rosters = new Map<string, SiteRoster>();
  if (!existsSync(rosterDir)) return rosters;
  for (const name of readdirSync(rosterDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = path.join(rosterDir, name);
    const siteId = name.slice(0, -'.yaml'.length);
    const site = sites.get(siteId);
    if (!site)
      throw new ConfigError(`${file}: ${siteId} is not a site of config/sites/ (name the file <site id>.yaml)`);
    const { roles } = parseFile(file, RosterFileSchema);
    const problems: string[] = [];
    for (const [role, roster] of Object.entries(roles)) {
      const check = (user: string | undefined, where: string) => {
        if (user === undefined) return;
        const known = users.get(user);
        if (!known) problems.push(`roles.${role}.${where}: ${user} is not a user of config/users.yaml`);
        else if (!(known.roles[siteId] ?? []).includes(role))
          problems.push(`roles.${role}.${where}: ${user} does not hold ${role} at ${siteId} (config/users.yaml)`);
      };
      check(roster.deputy, 'deputy');
      roster.weekly.forEach((s, i) => check(s.user, `weekly.${i}.user`));
      roster.dated.forEach((s, i) => check(s.user, `dated.${i}.user`));
    }
    if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`);
    rosters.set(siteId, { site: siteId, zone: site.calendar.zone, roles, file });
  }
  return rosters;
}

/**
 * Who the roster names for `role` at instant `atMs` (epoch ms):
 * - `on_duty`: the user of the first dated shift in force then, else of the first weekly shift in force, with the
 *   shift (`{ days: ['mon'], from: '08:00', to: '20:00' }`, or `{ from: '2026-10-01 08:00', to: '2026-10-08 08:00' }`);
 * - `deputy`: nobody is on duty (no shift, or a dated shift without a user) and the role has a deputy;
 * - `nobody`: nobody is on duty and the role has no deputy;
 * - `not_rostered`: the roster does not list the role (everyone holding it is told).
 */
export function onDutyAt(roster: SiteRoster, role: string, atMs: number): RosterAnswer {
  const r = roster.roles[role];
  if (!r) return { by: 'not_rostered' };
  const local = localParts(atMs, roster.zone);
  const dated = r.dated.find((s) => s.from <= local.stamp && local.stamp < s.to);
  if (dated?.user) return { by: 'on_duty', user: dated.user, shift: { from: dated.from, to: dated.to } };
  if (!dated) {
    const weekly = r.weekly.find((s) => inWeekly(s, local.day, local.minute));
    if (weekly) {
      const { days, from, to } = weekly;
      return { by: 'on_duty', user: weekly.user, shift: { days: [...days], from, to } };
    }
  }
  return r.deputy ? { by: 'deputy', user: r.deputy } : { by: 'nobody' };
}

/**
 * Whether the roster has `user` on duty at instant `atMs` (epoch ms) for one of `roles` (the roles they hold at the
 * roster's site): true when {@link onDutyAt} names them for one of those roles (on duty, or the deputy standing in
 * while nobody is), false when the roster lists one of those roles and names someone else or nobody for all of them,
 * undefined when it lists none of them (the roster cannot say; e.g. 城市花园's roster lists only the squad leader).
 * Used for the facts a step carries about a person it names (城市花园 四.2: the commander is a person on duty).
 */
export function personOnDutyAt(
  roster: SiteRoster | undefined,
  roles: readonly string[],
  user: string,
  atMs: number,
): boolean | undefined {
  const answers = roster ? roles.map((role) => onDutyAt(roster, role, atMs)) : [];
  const listed = answers.filter((a) => a.by !== 'not_rostered');
  if (!listed.length) return undefined;
  return listed.some((a) => 'user' in a && a.user === user);
}

/** What {@link onDutyAt} answers. */
export type RosterAnswer =
  | { by: 'on_duty'; user: string; shift: RosterShift }
  | { by: 'deputy'; user: string }
  | { by: 'nobody' }
  | { by: 'not_rostered' };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

// A weekly shift is in force on its start day from `from`, and (running over midnight) on the next day until `to`.
function inWeekly(s: WeeklyShift, day: number, minute: number): boolean {
  const from = minutesOf(s.from);
  const to = minutesOf(s.to);
  const startsOn = (d: number) => s.days.includes(WEEKDAYS[(d + 7) % 7]!);
  if (to > from) return startsOn(day) && from <= minute && minute < to;
  return (startsOn(day) && minute >= from) || (startsOn(day - 1) && minute < to);
}

const wallClock = formatsByZone('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
});

// The wall clock at `ms` in `zone`: `YYYY-MM-DD HH:MM`, the weekday (0 = Sunday) and the minute of the day.
function localParts(ms: number, zone: string): { stamp: string; day: number; minute: number } {
  const p = Object.fromEntries(
    wallClock(zone)
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  );
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  return {
    stamp: `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`,
    day,
    minute: minutesOf(`${p.hour}:${p.minute}`),
  };
}
