import { z } from 'zod';
import { SiteIdSchema } from '../ids';

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

/** GET /sites/:id/staff: which site. */
export const SiteStaffParamsSchema = z.object({ id: SiteIdSchema });

/**
 * GET /sites/:id/staff: the people who hold a role at the site (config/users.yaml), for the forms' staff pickers (a
 * step field that names a person of the site, `x-staff`) and for showing their names where a step recorded their id.
 */
export const SiteStaffSchema = z.object({
  staff: z.array(
    z.object({
      id: z.string().describe('User id: what a step field naming this person sends'),
      name: z.string().describe('Display name'),
      roles: z.array(z.string()).describe('Roles held at the site (names in GET /sites roleNames)'),
      gender: z
        .enum(['female', 'male'])
        .optional()
        .describe('As the staff records give it, where a step asks for it (x-staff gender)'),
    }),
  ),
});
export type SiteStaff = z.infer<typeof SiteStaffSchema>;
