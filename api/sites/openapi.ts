import { json, named, problems, signedIn, type PathConfig } from '../openapi/tools';
import { MySitesSchema } from './schemas';

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
];
