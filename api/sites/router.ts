import { Router } from 'express';
import type { SessionUser } from '../auth/tokens';
import { type AppConfig, roleNames } from '../../config';
import { languageOf } from '../errors';
import { unusedFieldGroups } from '../../workflows/engine';
import { newestProcedures } from '../../workflows/procedures';
import { MySitesSchema } from './schemas';

/** GET /sites: the caller's sites (name, time zone, roles held there, field groups not used), for the UI's site and role switcher. */
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
  return router;
}
