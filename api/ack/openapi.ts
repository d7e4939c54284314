import { z } from 'zod';
import { problem, problems, type PathConfig } from '../openapi/tools';
import { AckFormSchema, AckTokenParamsSchema } from './schemas';

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const refusals = {
  403: html('The link is altered or not ours, or the person chosen does not hold the rung’s role at the site'),
  404: html('The case or escalation the link names does not exist'),
  409: html('The rung was already acknowledged (the link works once) or the case is closed'),
  410: html('The link has expired (ACK_LINK_TTL after the escalation, 24 hours by default)'),
  503: html('Temporal cannot be reached'),
};

/** GET and POST /ack/{token}, as the OpenAPI document describes them (api/ack/router.ts serves them). */
export const ackPaths: PathConfig[] = [
  {
    method: 'get',
    path: '/ack/{token}',
    operationId: 'acknowledgeLinkPage',
    tags: ['cases'],
    summary: 'The page of an escalation message’s acknowledge link',
    description:
      'Opened from the link in an escalation message (e-mail, SMS, WeCom, DingTalk, Feishu, webhook), without a ' +
      'sign-in: the token is signed by the app and names the case, the rung and its role, and for a message sent to ' +
      'one person that person. Shows the rung and a button that POSTs to the same URL; for a link sent to a group, ' +
      'a choice among the holders of the rung’s role at the site. Acknowledges nothing by itself (link previews open ' +
      'links). An HTML page in zh-CN, or en when the browser prefers it.',
    security: [],
    request: { params: AckTokenParamsSchema },
    responses: {
      200: html('The page with the button'),
      ...refusals,
      ...problems(422, 429),
    },
  },
  {
    method: 'post',
    path: '/ack/{token}',
    operationId: 'acknowledgeByLink',
    tags: ['cases'],
    summary: 'Acknowledge an escalation from its message’s link',
    description:
      'Acknowledges the rung the token names, through the same step as POST /cases/{id}/escalations/{n}/ack, as the ' +
      'person the link was sent to, or — for a link sent to a group — as the `user` chosen on the page, who must hold ' +
      'the rung’s role at the site. Works once: a rung already acknowledged refuses (409).',
    security: [],
    request: {
      params: AckTokenParamsSchema,
      body: {
        required: false,
        content: {
          'application/x-www-form-urlencoded': { schema: AckFormSchema },
          'application/json': { schema: AckFormSchema },
        },
      },
    },
    responses: {
      200: html('Acknowledged: the page says by whom and when'),
      ...refusals,
      422: {
        description:
          'A link sent to a group and nobody chosen (a page), or a token or form that is not one at all (problem+json)',
        content: {
          ...html('').content,
          ...problem('').content,
        },
      },
      ...problems(400, 413, 429),
    },
  },
];
