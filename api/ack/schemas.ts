import { z } from 'zod';

/** Path of GET and POST /ack/:token: the signed token from an escalation message's acknowledge link. */
export const AckTokenParamsSchema = z.object({
  // A compact JWT (base64url parts joined by dots), a few hundred characters; the bound keeps a forged URL under the
  // HTTP server's header limit, so it is refused here (422) and not by Node (431).
  token: z
    .string()
    .max(1024)
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/)
    .describe('The signed token of the acknowledge link (the link is APP_URL/api/ack/<token>)'),
});

/** Form of POST /ack/:token: who acknowledges, for a link sent to a group (ignored for a link sent to one person). */
export const AckFormSchema = z.object({
  user: z
    .string()
    .max(200)
    .optional()
    .describe('User id of the person acknowledging, one of the holders of the rung’s role at the site'),
});
