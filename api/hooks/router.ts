import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { triggeredBy } from '../../workflows/procedures';
import { secretFromEnv, type AppConfig } from '../../config';
import type { CaseService } from '../cases/service';
import { refuseUnlessRun } from '../cases/site-runs';
import { HttpError, issuesOf } from '../errors';
import { AlarmPanelEventSchema } from './schemas';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The raw body, kept by express.json's verify hook: the signature is over these exact bytes. */
export const rawBodyOf = (req: Request) => (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);

export function signatureOf(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POST /hooks/alarm-panel: a signed alarm from a panel opens a case, once per panel event id, of the procedure that
 * declares the alarm-panel trigger (the procedure says what its intake is). Throws at creation when none does.
 */
export function hooksRouter(config: AppConfig, cases: CaseService): Router {
  const alarmPanel = triggeredBy('alarm-panel');
  if (!alarmPanel) throw new Error('no procedure declares the alarm-panel trigger (ProcedureDefinition.triggers)');
  const router = Router();
  router.use(
    '/hooks',
    rateLimit({
      windowMs: 60_000,
      limit: 120,
      handler: () => {
        throw new HttpError(429, 'rate-limited', 'too many alarm posts; slow down');
      },
    }),
  );
  router.post('/hooks/alarm-panel', async (req, res) => {
    const panel = config.panels.get(req.get('x-panel-id') ?? '');
    const secret = panel && (panel.secret ?? (panel.secretEnv ? secretFromEnv(panel.secretEnv) : undefined));
    const given = Buffer.from(req.get('x-signature') ?? '');
    const expected = secret ? Buffer.from(signatureOf(secret, rawBodyOf(req))) : Buffer.alloc(0);
    if (!panel || !secret || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'bad-signature', 'unknown panel or bad X-Signature (sha256=<HMAC-SHA256 of the body>)');
    }
    const parsed = AlarmPanelEventSchema.safeParse(req.body);
    if (!parsed.success)
      throw new HttpError(422, 'invalid-data', 'the alarm event is invalid', { issues: issuesOf(parsed.error) });
    const event = parsed.data;
    if (Math.abs(Date.now() - Date.parse(event.sentAt)) > MAX_CLOCK_SKEW_MS) {
      throw new HttpError(401, 'stale-request', 'sentAt is more than 5 minutes from now; refusing a replay');
    }
    const zone = panel.zones[event.zone];
    if (!zone) throw new HttpError(422, 'unknown-zone', `panel ${panel.id} has no zone ${event.zone}`);
    const site = config.sites.get(panel.site)!;
    const { procedure, trigger } = alarmPanel;
    refuseUnlessRun(procedure, site);
    const { view, created } = await cases.start(
      procedure,
      site,
      trigger.toIntake({ eventId: event.eventId, zone, description: event.description }),
      false,
      { id: `panel:${panel.id}`, name: panel.name, role: trigger.role },
      `panel:${event.eventId}`,
    );
    res.status(created ? 201 : 200).json({ caseId: view.caseId, number: view.number, created });
  });
  return router;
}
