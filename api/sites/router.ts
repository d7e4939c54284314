import { Router } from 'express';
import type { SessionUser } from '../auth/tokens';
import { type AppConfig, roleNames } from '../../config';
import { languageOf } from '../errors';
import { unusedFieldGroups } from '../../workflows/engine';
import { newestProcedures } from '../../workflows/procedures';
import { HttpError } from '../errors';
import { validate } from '../validate';
import { MySitesSchema, SiteStaffParamsSchema, SiteStaffSchema, type SiteStaff } from './schemas';

/**
 * GET /sites: the caller's sites (name, time zone, roles held there, field groups not used), for the UI's site and role switcher.
 * GET /sites/:id/staff: the site's staff (name, roles there, gender where recorded), for a caller who works there (403
 * `site-not-allowed` otherwise), sorted by name.
 */
export function sitesRouter(config: AppConfig): Router {
  const router = Router();
  router.get('/sites', (req, res) => {
    const user = res.locals.user as SessionUser;
    const lang = languageOf(req);
    const sites = Object.entries(user.roles)
      .filter(([id]) => config.sites.has(id))
      .map(([id, roles]) => {
        const site = config.sites.get(id)!;
        const unused = Object.fromEntries(
          newestProcedures()
            .map((def) => [def.id, unusedFieldGroups(def, site)] as const)
            .filter(([, groups]) => groups.length > 0),
        );
        return { id, name: site.name, zone: site.calendar.zone, roles: [...roles], unusedFieldGroups: unused };
      });
    const names = Object.fromEntries(Object.entries(roleNames).map(([id, n]) => [id, n[lang]]));
    res.vary('Accept-Language').json(MySitesSchema.parse({ sites, roleNames: names }));
  });
  router.get('/sites/:id/staff', validate({ params: SiteStaffParamsSchema }), (req, res) => {
    const user = res.locals.user as SessionUser;
    const { id } = res.locals.input.params as { id: string };
    if (!config.sites.has(id) || !user.roles[id]?.length) {
      throw new HttpError(403, 'site-not-allowed', `you do not work at site ${id}`);
    }
    const staff: SiteStaff['staff'] = [...config.users.values()]
      .filter((u) => u.roles[id]?.length)
      .map((u) => ({ id: u.id, name: u.name, roles: [...u.roles[id]!], ...(u.gender ? { gender: u.gender } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    res.json(SiteStaffSchema.parse({ staff }));
  });
  return router;
}
