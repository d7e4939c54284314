import { z } from 'zod';
import { RungSchema } from '../../workflows/engine';
import { json, named, problems, signedIn, type PathConfig } from '../openapi/tools';
import {
  ProcedureDetailSchema,
  ProcedureEventSchema,
  ProcedureListQuerySchema,
  ProcedureListSchema,
  ProcedureParamsSchema,
  ProcedureQuerySchema,
  ProcedureStateSchema,
  ProcedureSummarySchema,
  ProcedureTimerSchema,
} from './schemas';

const ProcedureSummary = named('ProcedureSummary', ProcedureSummarySchema);
const ProcedureList = named('ProcedureList', ProcedureListSchema.extend({ procedures: z.array(ProcedureSummary) }));
const Rung = named('Rung', RungSchema);
const ProcedureDetail = named(
  'ProcedureDetail',
  ProcedureDetailSchema.extend({
    states: z.array(named('ProcedureState', ProcedureStateSchema)),
    events: z.array(named('ProcedureEvent', ProcedureEventSchema)),
    lateFacts: z.array(named('ProcedureEvent', ProcedureEventSchema)),
    timers: z.array(named('ProcedureTimer', ProcedureTimerSchema.extend({ ladder: z.array(Rung) }))),
  }),
);

/** GET /procedures and GET /procedures/{id}, as the OpenAPI document describes them (api/procedures/router.ts). */
export const procedurePaths: PathConfig[] = [
  {
    method: 'get',
    path: '/procedures',
    operationId: 'listProcedures',
    tags: ['procedures'],
    summary: 'List the procedures',
    description:
      'The newest version of each procedure, named in the caller’s language (Accept-Language: zh-CN or en); with ' +
      '`site`, only the procedures that site runs (what its new-case form offers).',
    security: signedIn,
    request: { query: ProcedureListQuerySchema },
    responses: {
      200: { description: 'The procedures', content: json(ProcedureList) },
      ...problems(401, 422),
    },
  },
  {
    method: 'get',
    path: '/procedures/{id}',
    operationId: 'getProcedure',
    tags: ['procedures'],
    summary: 'A procedure’s definition',
    description:
      'States with names and guidance, events with their JSON Schema, roles and labels, the intake schema, timers ' +
      'and escalation ladders of the default policy, a Mermaid diagram, and the i18n bundles of both languages.',
    security: signedIn,
    request: { params: ProcedureParamsSchema, query: ProcedureQuerySchema },
    responses: {
      200: { description: 'The definition', content: json(ProcedureDetail) },
      ...problems(401, 404, 422),
    },
  },
];
