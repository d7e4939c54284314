import { readdirSync } from 'node:fs';
import { z } from 'zod';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { holidayTableFor } from '../workflows/calendar';
import {
  casePolicyFor,
  FIELD_GROUP,
  recurringFor,
  SitePolicySchema,
  type ProcedureDefinition,
  type SitePolicy,
} from '../workflows/engine';
import { newestProcedures, procedures } from '../workflows/procedures';
import { loadAttachmentLimits, type AttachmentLimits } from './attachments';
import { PanelsFileSchema, type Panel } from './panels';
import { parseFile, parseFileDocuments } from './parse';
import { repoRoot } from './paths';
import { UsersFileSchema, type User } from './users';
import { verifyPasswordSync } from './passwords';
import { loadHolidayData, type HolidayData } from './holidays';
import { loadRosters, type SiteRoster } from './roster';

export interface AppConfig {
  sites: Map<string, SitePolicy>;
  users: Map<string, User>;
  panels: Map<string, Panel>;
  /** config/holidays/ merged over chinese-days (absent in hand-built test configs: then no coverage check). */
  holidays?: HolidayData;
  /** Limits and types of case files, config/attachments.yaml (absent in hand-built test configs: the defaults). */
  attachments?: AttachmentLimits;
  /** On-duty rosters by site id, config/rosters/ (absent in hand-built test configs, as for a site without one). */
  rosters?: Map<string, SiteRoster>;
}

/** The configuration folder: CONFIG_DIR (production: a folder outside the repository), else the repo's config/. */
export const configDir = (env: NodeJS.ProcessEnv = process.env) => env.CONFIG_DIR ?? path.join(repoRoot, 'config');

/** Reads and validates config/ at boot; a bad file stops the app with the file and key named. */
export function loadConfig(dir = configDir(), source: NodeJS.ProcessEnv = process.env): AppConfig {
  const sites = new Map<string, SitePolicy>();
  const siteDir = path.join(dir, 'sites');
  const files = readdirSync(siteDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(siteDir, f));
  for (const file of files) {
    const site = parseFile(file, siteFileSchema());
    sites.set(site.id, site);
  }
  // SITE_POLICY names one more policy file; each of its YAML documents (separated by `---`) replaces the site of the
  // same id, so that one demo file can shorten the deadlines of every site's procedures (issue 19).
  if (source.SITE_POLICY) {
    for (const site of parseFileDocuments(source.SITE_POLICY, siteFileSchema())) sites.set(site.id, site);
  }
  const holidays = loadHolidayData(path.join(dir, 'holidays'));
  applyHolidays(sites, holidays);
  // A confidential procedure's ladders and calendar reminders may only tell roles that may see its cases.
  for (const site of sites.values()) {
    for (const def of procedures.filter((p) => p.visibleTo)) {
      const told = [
        ...Object.entries(casePolicyFor(def, site).ladders).flatMap(([timer, rungs]) =>
          rungs.map((r) => [`ladders.${timer}`, r.role] as const),
        ),
        ...Object.entries(recurringFor(def, site)).flatMap(([id, r]) =>
          r.to.map((role) => [`recurring.${id}`, role] as const),
        ),
      ];
      for (const [where, role] of told) {
        if (!def.visibleTo!.includes(role))
          throw new Error(
            `site ${site.id}: procedures.${def.id}.${where} tells ${role}, but ${def.id} cases are confidential to ${def.visibleTo!.join(', ')}`,
          );
      }
      // A group channel (a chat group's robot, the webhook's receiver) reaches people outside those roles.
      for (const [about, notice] of Object.entries(casePolicyFor(def, site).notices ?? {})) {
        const group = notice.channels.filter((c) => GROUP_CHANNELS.has(c));
        if (group.length)
          throw new Error(
            `site ${site.id}: procedures.${def.id}.notices.${about} sends ${group.join(', ')} to a group, but ${def.id} cases are confidential to ${def.visibleTo!.join(', ')}`,
          );
      }
    }
  }
  // A field group a site turns on or off must be one the procedure's schemas declare (a typo would ask every field).
  for (const site of sites.values()) {
    for (const [id, own] of Object.entries(site.procedures)) {
      const def = procedures.find((p) => p.id === id);
      const declared = def ? fieldGroupsOf(def) : new Set<string>();
      for (const group of Object.keys(own.fieldGroups ?? {})) {
        if (!declared.has(group))
          throw new Error(
            `site ${site.id}: procedures.${id}.fieldGroups.${group} is not a field group of ${id} (it has: ${[...declared].join(', ') || 'none'})`,
          );
      }
    }
  }
  const users = new Map(parseFile(path.join(dir, 'users.yaml'), UsersFileSchema).users.map((u) => [u.id, u]));
  for (const user of users.values()) {
    for (const site of Object.keys(user.roles)) {
      if (!sites.has(site)) throw new Error(`config/users.yaml: user ${user.id} has roles at unknown site ${site}`);
    }
  }
  const panelsFile = path.join(dir, 'panels.yaml');
  const panels = new Map(
    (existsSync(panelsFile) ? parseFile(panelsFile, PanelsFileSchema).panels : []).map((p) => [p.id, p]),
  );
  for (const panel of panels.values()) {
    if (!sites.has(panel.site))
      throw new Error(`config/panels.yaml: panel ${panel.id} names unknown site ${panel.site}`);
  }
  const rosters = loadRosters(dir, sites, users);
  return { sites, users, panels, holidays, attachments: loadAttachmentLimits(dir), rosters };
}

/**
 * A site file's schema: SitePolicySchema whose `runs` may name only registered procedures, so that a misspelt id
 * stops the app at start with the file and the entry named (`config/sites/x.yaml: runs.0: Invalid option: expected
 * one of "perimeter-alarm"|…`).
 */
export function siteFileSchema() {
  const ids = newestProcedures().map((p) => p.id) as [string, ...string[]];
  return SitePolicySchema.extend({ runs: z.array(z.enum(ids)).min(1).optional() });
}

/**
 * Gives each site its holiday data: a site file's days join its closedDates/openDates, and a site on the national
 * arrangement (holidays: cn) gets the whole merged table, which casePolicyFor cuts to each new case's horizon.
 */
function applyHolidays(sites: Map<string, SitePolicy>, holidays: HolidayData): void {
  for (const file of holidays.sites) {
    const site = sites.get(file.site);
    if (!site) throw new Error(`${file.file}: site ${file.site} is not a site of config/sites/`);
    const cal = site.calendar;
    const clash =
      file.holidays.find((d) => cal.openDates.includes(d)) ?? file.workdays.find((d) => cal.closedDates.includes(d));
    if (clash) throw new Error(`${file.file}: ${clash} contradicts the calendar of config/sites/${site.id}.yaml`);
    site.calendar = {
      ...cal,
      closedDates: [...new Set([...cal.closedDates, ...file.holidays])],
      openDates: [...new Set([...cal.openDates, ...file.workdays])],
    };
  }
  const years = holidays.years.map((y) => y.year);
  if (!years.length) return;
  const table = holidayTableFor(holidays.years, Math.min(...years), Math.max(...years));
  for (const site of sites.values()) {
    if (site.calendar.holidays === 'cn') site.calendar = { ...site.calendar, holidayTable: table };
  }
}

const DEMO_PASSWORD = 'demo123';
const DEMO_PANEL_SECRET = 'demo-panel-secret-change-me';

/**
 * What keeps the API from starting in production (NODE_ENV=production): the repo's demo secrets. Secrets come from
 * the environment (JWT_SECRET, panels' secretEnv) or from a CONFIG_DIR outside the repository; see docs/production.md.
 */
export function productionProblems(
  config: AppConfig,
  dir = configDir(),
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const problems: string[] = [];
  const inRepo = !path.relative(repoRoot, path.resolve(dir)).startsWith('..');
  if (!env.JWT_SECRET) problems.push('JWT_SECRET is not set (tokens would be signed with a key generated under data/)');
  else if (env.JWT_SECRET.length < 32) problems.push('JWT_SECRET is shorter than 32 characters');
  for (const user of config.users.values()) {
    if (verifyPasswordSync(DEMO_PASSWORD, user.password)) problems.push(`user ${user.id} still has the demo password`);
  }
  for (const panel of config.panels.values()) {
    if (panel.secret === DEMO_PANEL_SECRET) problems.push(`panel ${panel.id} has the demo secret`);
    else if (panel.secret && inRepo)
      problems.push(`panel ${panel.id} has its secret in the repository (use secretEnv)`);
    if (panel.secretEnv && !env[panel.secretEnv]) problems.push(`panel ${panel.id}: ${panel.secretEnv} is not set`);
  }
  return problems;
}

/** Channels that post to a group rather than to the people holding a role (a confidential notice may not use them). */
const GROUP_CHANNELS = new Set(['wecom', 'dingtalk', 'feishu', 'webhook']);

/** The field groups (x-fieldGroup) the intake and step schemas of a procedure declare, at any depth. */
function fieldGroupsOf(def: ProcedureDefinition): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === FIELD_GROUP && typeof value === 'string') found.add(value);
        else walk(value);
      }
    }
  };
  for (const spec of [def.start, ...Object.values(def.events)])
    walk(z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }));
  return found;
}
