import { z } from 'zod';

/** GET /sites: the caller's sites and the names of all roles. */
export const MySitesSchema = z.object({
  sites: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      zone: z.string().describe('IANA time zone: dates and deadlines of the site are shown in it'),
      roles: z.array(z.string()).describe('The caller’s roles at this site'),
      unusedFieldGroups: z
        .record(z.string(), z.array(z.string()))
        .describe(
          'By procedure id, the optional field groups (x-fieldGroup in its schemas) this site does not use: forms leave those fields out',
        ),
    }),
  ),
  roleNames: z.record(z.string(), z.string()).describe('Name of every role, in the caller’s language'),
});
