import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { repoRoot } from '../../config/paths';
import { SitePolicySchema, type SitePolicy } from '../../workflows/engine/policy';
import { existsSync } from 'node:fs';
import { PanelsFileSchema, type Panel } from '../hooks/schemas';
import { UsersFileSchema, type User } from './schemas';

export interface AppConfig {
  sites: Map<string, SitePolicy>;
  users: Map<string, User>;
  panels: Map<string, Panel>;
}

/** Reads and validates config/ at boot; a bad file stops the app with the file and key named. */
export function loadConfig(dir = path.join(repoRoot, 'config')): AppConfig {
  const sites = new Map<string, SitePolicy>();
  const siteDir = path.join(dir, 'sites');
  const files = readdirSync(siteDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(siteDir, f));
  for (const file of files) {
    const site = parseFile(file, SitePolicySchema);
    sites.set(site.id, site);
  }
  // SITE_POLICY names one more policy file, which replaces the site of the same id.
  if (process.env.SITE_POLICY) {
    const site = parseFile(process.env.SITE_POLICY, SitePolicySchema);
    sites.set(site.id, site);
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
  return { sites, users, panels };
}

/** Parses one YAML file with a schema, naming the file and the bad key on failure. */
export function parseFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${where}`);
  }
  return parsed.data;
}
