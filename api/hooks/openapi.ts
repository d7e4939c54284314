import { json, keyed422, named, problems, type PathConfig } from '../openapi/tools';
import { AlarmPanelEventSchema, AlarmPanelHeadersSchema, AlarmPanelResultSchema } from './schemas';

const AlarmPanelResult = named('AlarmPanelResult', AlarmPanelResultSchema);

/** POST /hooks/alarm-panel, as the OpenAPI document describes it (api/hooks/router.ts serves it). */
export const hookPaths: PathConfig[] = [
  {
    method: 'post',
    path: '/hooks/alarm-panel',
    operationId: 'alarmPanelHook',
    tags: ['hooks'],
    summary: 'An alarm from a perimeter panel',
    description:
      'Opens a perimeter-alarm case at the panel’s site. Signed by the panel: X-Signature is ' +
      'sha256=<hex HMAC-SHA256 of the raw body> keyed with the panel’s secret, and sentAt inside the signed body ' +
      'must be within 5 minutes of now (401 otherwise). Idempotent on eventId: a repeat answers 200 with the same ' +
      'case and `created: false`, also after that case closed (it is never opened again); the same eventId with a ' +
      'different zone or description is refused with 422 `urn:problem:idempotency-key-reused`.',
    security: [],
    request: {
      headers: AlarmPanelHeadersSchema,
      body: { required: true, content: json(named('AlarmPanelEvent', AlarmPanelEventSchema)) },
    },
    responses: {
      201: { description: 'A case was opened', content: json(AlarmPanelResult) },
      200: { description: 'This eventId was seen before: the same case', content: json(AlarmPanelResult) },
      ...problems(400, 401, 413, 422, 429, 503),
      ...keyed422,
    },
  },
];
