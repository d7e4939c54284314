import { json, named, problems, signedIn, type PathConfig } from '../openapi/tools';
import { MySitesSchema, SiteStaffParamsSchema, SiteStaffSchema } from './schemas';

/** GET /sites, as the OpenAPI document describes it (api/sites/router.ts serves it). */
export const sitePaths: PathConfig[] = [
  {
    method: 'get',
    path: '/sites',
    operationId: 'mySites',
    tags: ['auth'],
    summary: 'My sites, their time zones and my roles there',
    security: signedIn,
    responses: {
      200: {
        description: 'The caller’s sites and the names of all roles',
        content: json(named('MySites', MySitesSchema)),
      },
      ...problems(401),
    },
  },
  {
    method: 'get',
    path: '/sites/{id}/staff',
    operationId: 'siteStaff',
    tags: ['auth'],
    summary: 'The staff of a site I work at',
    description:
      'Everyone holding a role at the site (config/users.yaml), by name: what a step field that names a person of ' +
      'the site (`x-staff` in its schema, e.g. the perimeter commander, store theft’s female staff member present) ' +
      'may be given, and the names the case page shows for the ids such fields recorded.',
    security: signedIn,
    request: { params: SiteStaffParamsSchema },
    responses: {
      200: { description: 'The site’s staff, sorted by name', content: json(named('SiteStaff', SiteStaffSchema)) },
      ...problems(401, 403, 422),
    },
  },
];
