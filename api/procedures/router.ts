import type { Client } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  descendantsOf,
  eventTypesOf,
  rootOf,
  timersOf,
  type EventSpec,
  type Messages,
  type ProcedureDefinition,
  ProcedurePolicySchema,
  siteRuns,
} from '../../workflows/engine';
import type { AppConfig } from '../../config';
import { knownSiteIn } from '../ids';
import { procedures as registered } from '../../workflows/procedures';
import { CASES, q } from '../cases/visibility';
import { HttpError, languageOf } from '../errors';
import { validate } from '../validate';
import { mermaidOf } from './diagram';
import { jsonSchemaOf, withStaffFields } from './json-schema';
import {
  ProcedureListQuerySchema,
  ProcedureParamsSchema,
  ProcedureQuerySchema,
  type ProcedureDetail,
  type ProcedureSummary,
} from './schemas';

type Language = 'zh-CN' | 'en';
type JsonSchema = Record<string, unknown>;

/**
 * GET /procedures (the newest version of each, labelled in the caller's language) and GET /procedures/:id (the whole
 * definition: states, events with JSON Schema, timers, diagram, i18n, and every version with its open cases). Reads
 * only the registry: a procedure added there shows up here unchanged. Without a Temporal client (or on a server
 * without visibility) the open-case counts are null. GET /procedures?site=<id> lists only what that site runs (issue
 * 19; a 422 names an unknown site); without `config` no site is known, so any `site` is refused.
 */
export function proceduresRouter(
  procedures: readonly ProcedureDefinition[] = registered,
  client?: Client,
  config: Pick<AppConfig, 'sites'> = { sites: new Map() },
): Router {
  const router = Router();
  const details = new Map<ProcedureDefinition, Partial<Record<Language, Omit<ProcedureDetail, 'versions'>>>>();

  router.get(
    '/procedures',
    validate({ query: ProcedureListQuerySchema.superRefine(knownSiteIn(config)) }),
    (req, res) => {
      const { site } = res.locals.input.query as z.infer<typeof ProcedureListQuerySchema>;
      const language = answerIn(req, res);
      const runs = site ? config.sites.get(site) : undefined;
      const listed = newestOfEach(procedures).filter((def) => !runs || siteRuns(runs, def.id));
      res.json({ language, procedures: listed.map((def) => summaryOf(def, language)) });
    },
  );

  router.get(
    '/procedures/:id',
    validate({ params: ProcedureParamsSchema, query: ProcedureQuerySchema }),
    async (req, res) => {
      const { id } = res.locals.input.params as z.infer<typeof ProcedureParamsSchema>;
      const { version } = res.locals.input.query as z.infer<typeof ProcedureQuerySchema>;
      const def = procedures
        .filter((p) => p.id === id && (version === undefined || p.version === version))
        .sort((a, b) => b.version - a.version)[0];
      if (!def) {
        throw new HttpError(
          404,
          'no-such-procedure',
          `no procedure ${id}${version === undefined ? '' : ` version ${version}`}`,
          {
            procedures: [...new Set(procedures.map((p) => p.id))],
          },
        );
      }
      const language = answerIn(req, res);
      // Definitions never change while the process runs: build each once per language.
      const cached = details.get(def) ?? {};
      details.set(def, cached);
      const detail = (cached[language] ??= detailOf(def, language));
      const versions = procedures.filter((p) => p.id === def.id).map((p) => p.version);
      res.json({ ...detail, versions: await versionsWithOpenCases(client, def.id, versions) });
    },
  );

  return router;
}

/**
 * Every version of a procedure, oldest first, with how many of its cases are open (Temporal visibility, CaseVersion).
 * Cases started before CaseVersion existed carry none; they all run version 1, so version 1 counts them too.
 */
async function versionsWithOpenCases(
  client: Client | undefined,
  id: string,
  versions: number[],
): Promise<Array<{ version: number; openCases: number | null }>> {
  const sorted = [...new Set(versions)].sort((a, b) => a - b);
  return Promise.all(
    sorted.map(async (version) => {
      if (!client) return { version, openCases: null };
      const ofVersion = version === 1 ? `(CaseVersion = 1 OR CaseVersion IS NULL)` : `CaseVersion = ${version}`;
      const query =
        `${CASES} AND ExecutionStatus = 'Running' AND CaseStatus = 'open'` +
        ` AND CaseProcedure = ${q(id)} AND ${ofVersion}`;
      try {
        const res = await client.workflowService.countWorkflowExecutions({
          namespace: client.options.namespace,
          query,
        });
        return { version, openCases: Number(res.count ?? 0) };
      } catch {
        // A server without visibility (the time-skipping test server) or one that is down: the count is unknown.
        return { version, openCases: null };
      }
    }),
  );
}

function answerIn(req: Request, res: Response): Language {
  const language = languageOf(req);
  res.vary('Accept-Language').set('Content-Language', language);
  return language;
}

function newestOfEach(procedures: readonly ProcedureDefinition[]): ProcedureDefinition[] {
  const newest = new Map<string, ProcedureDefinition>();
  for (const def of procedures) {
    const seen = newest.get(def.id);
    if (!seen || def.version > seen.version) newest.set(def.id, def);
  }
  return [...newest.values()];
}

function summaryOf(def: ProcedureDefinition, language: Language): ProcedureSummary {
  const messages = def.i18n[language];
  return {
    id: def.id,
    version: def.version,
    numberPrefix: def.numberPrefix,
    name: textOf(messages, 'name') ?? def.id,
    description: textOf(messages, 'description') ?? '',
    startRoles: [...def.start.roles],
    ...(def.visibleTo ? { visibleTo: [...def.visibleTo] } : {}),
  };
}

function detailOf(def: ProcedureDefinition, language: Language): Omit<ProcedureDetail, 'versions'> {
  const messages = def.i18n[language];
  const policy = ProcedurePolicySchema.parse(def.policy);
  const nodes = descendantsOf(rootOf(def.machine));
  const states = nodes.map((node) => {
    const id = node.path.join('.');
    const guidance = textOf(messages, 'guidance', id);
    return {
      id,
      parent: node.path.length > 1 ? node.path.slice(0, -1).join('.') : null,
      type: node.type,
      name: textOf(messages, 'states', id) ?? node.key,
      ...(guidance ? { guidance } : {}),
      events: eventTypesOf(node),
      timers: timersOf(node),
    };
  });
  const timerIds = [...new Set([...Object.keys(policy.deadlines), ...Object.keys(policy.ladders)])];
  return {
    ...summaryOf(def, language),
    language,
    states,
    start: dataSpecOf(def.start, messages),
    events: Object.entries(def.events).map(([type, spec]) => ({
      type,
      label: textOf(messages, 'events', type) ?? type,
      ...dataSpecOf(spec, messages),
    })),
    lateFacts: Object.entries(def.lateFacts ?? {}).map(([type, spec]) => ({
      type,
      label: textOf(messages, 'lateFacts', type, 'title') ?? textOf(messages, 'events', type) ?? type,
      ...dataSpecOf(spec, messages),
    })),
    timers: timerIds.map((id) => ({
      id,
      name: textOf(messages, 'timers', id) ?? id,
      deadline: policy.deadlines[id] ?? '',
      ladder: policy.ladders[id] ?? [],
      states: states.filter((s) => s.timers.includes(id)).map((s) => s.id),
    })),
    policy,
    diagram: mermaidOf(def.machine),
    i18n: def.i18n,
  };
}

/** An event's (or the intake's) JSON Schema, roles, and the labels of the fields and values it names. */
function dataSpecOf(spec: EventSpec, messages: Messages) {
  const schema = withStaffFields(jsonSchemaOf(spec.schema), spec);
  const { fields, values } = namesIn(schema);
  return {
    roles: [...spec.roles],
    schema,
    fields: labelsOf(messages, 'fields', fields),
    values: labelsOf(messages, 'values', values),
  };
}

/** Every property name and every enum or constant string value anywhere in a JSON Schema. */
function namesIn(schema: unknown, found = { fields: new Set<string>(), values: new Set<string>() }) {
  if (Array.isArray(schema)) {
    for (const item of schema) namesIn(item, found);
  } else if (typeof schema === 'object' && schema !== null) {
    const s = schema as JsonSchema;
    if (s.properties && typeof s.properties === 'object') {
      for (const name of Object.keys(s.properties)) found.fields.add(name);
    }
    if (typeof s.const === 'string') found.values.add(s.const);
    if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v === 'string') found.values.add(v);
    for (const [key, value] of Object.entries(s)) {
      if (key !== 'enum' && key !== 'const' && key !== 'default' && key !== 'examples') namesIn(value, found);
    }
  }
  return found;
}

function labelsOf(messages: Messages, section: string, names: Iterable<string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const label = textOf(messages, section, name);
    if (label !== undefined) labels[name] = label;
  }
  return labels;
}

/** A string at `path` of an i18n bundle, or undefined when missing or not a string. */
function textOf(messages: Messages, ...path: string[]): string | undefined {
  let at: string | Messages | undefined = messages;
  for (const key of path) at = typeof at === 'object' ? at[key] : undefined;
  return typeof at === 'string' ? at : undefined;
}
