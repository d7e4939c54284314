import { z } from 'zod';
import { procedures } from '../workflows/procedures';
import type { AppConfig } from '../config';

/** Ids of every registered procedure (workflows/procedures), each once. */
export const procedureIds = [...new Set(procedures.map((p) => p.id))] as [string, ...string[]];

/** A procedure id: one of the registry's. */
export const ProcedureIdSchema = z
  .enum(procedureIds)
  .describe('Procedure id, e.g. perimeter-alarm')
  .meta({ id: 'ProcedureId' });

/**
 * A site id. Which sites exist is configuration (config/sites/), read at start: routes check it with
 * {@link knownSiteIn}, and the OpenAPI document lists them as the SiteId component's enum.
 */
export const SiteIdSchema = z
  .string()
  .min(1)
  .max(64)
  .describe('Site id (config/sites/<site>.yaml)')
  .meta({ id: 'SiteId' });

/** A zod refinement for an object whose optional `site` must be a configured site: a 422 names it otherwise. */
export const knownSiteIn =
  (config: Pick<AppConfig, 'sites'>) => (value: { site?: string }, ctx: z.core.$RefinementCtx) => {
    if (value.site !== undefined && !config.sites.has(value.site))
      ctx.addIssue({ code: 'custom', path: ['site'], message: `no site ${value.site}`, input: value.site });
  };

// C0 and C1 control characters (\p{Cc}): visibility queries cannot carry them (see api/cases/visibility.ts q()).
// eslint-disable-next-line no-control-regex -- naming them is the point
const NO_CONTROL_CHARACTERS = /^[^\x00-\x1f\x7f-\x9f]*$/;

/** A text filter that reaches a visibility query: no control characters. */
export const filterText = () => z.string().regex(NO_CONTROL_CHARACTERS, 'a filter may not contain control characters');
