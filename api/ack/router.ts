import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { formatInstant, roleNames, verifyAckToken, type AckClaim, type AppConfig } from '../../config';
import type { CaseView, Escalation, ProcedureDefinition } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import type { Clock } from '../clock';
import type { CaseService } from '../cases/service';
import { HttpError, languageOf } from '../errors';
import { ackPageText as t, type Said } from '../messages';
import { validate } from '../validate';
import { renderAckPage, type AckPage } from './page';
import { AckFormSchema, AckTokenParamsSchema } from './schemas';

type Lang = 'zh-CN' | 'en';

/**
 * GET and POST /ack/:token (issue 21 point 2): the acknowledge link of an escalation message, without a sign-in.
 *
 * GET only shows the rung and a button (link previews of chat apps and mail scanners open links; they must not
 * acknowledge); POST acknowledges through the same workflow Update as POST /cases/:id/escalations/:n/ack, so the record
 * is the same as an in-app acknowledgement. A link sent to one person (e-mail, SMS) acknowledges as that person; a
 * link sent to a group (chat robots, webhook) asks which of the role's holders at the site is acknowledging.
 *
 * Refused, with a page saying why: an altered or foreign token (403), an expired one (410), a rung already
 * acknowledged — the link's single use is the rung's own (409), a person who does not hold the rung's role at the site
 * now (403). Answers are HTML in zh-CN unless the browser prefers English.
 */
export function ackRouter(config: AppConfig, cases: CaseService, clock: Clock): Router {
  const router = Router();
  router.use(
    '/ack',
    rateLimit({
      windowMs: 60_000,
      limit: 60,
      handler: () => {
        throw new HttpError(429, 'rate-limited', 'too many acknowledge requests; wait a minute and try again');
      },
    }),
    express.urlencoded({ extended: false, limit: '64kb' }), // room to refuse a bad form by its fields (422), not by its size
  );

  /** The rung the token names, or the page that refuses it. */
  async function rungOf(req: Request, res: Response): Promise<Found | undefined> {
    const lang = languageOf(req);
    const { token } = res.locals.input.params as { token: string };
    const verified = await verifyAckToken(token, clock.now());
    if ('refused' in verified) {
      send(res, verified.refused === 'expired' ? 410 : 403, { lang, message: t[verified.refused] });
      return undefined;
    }
    const { claim } = verified;
    const where = cases.locate(claim.caseId);
    if (!where || where.site.id !== claim.site) {
      send(res, 404, { lang, message: t.noCase });
      return undefined;
    }
    let view: CaseView;
    try {
      view = await cases.view(claim.caseId);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) send(res, 404, { lang, message: t.noCase });
      else if (err instanceof HttpError && err.status === 503) send(res, 503, { lang, message: t.unavailable });
      else throw err;
      return undefined;
    }
    const escalation = view.escalations.find((e) => e.n === claim.n);
    if (!escalation || escalation.to !== claim.role) {
      send(res, 404, { lang, message: t.noCase });
      return undefined;
    }
    const siteName = config.sites.get(view.site)?.name ?? view.site;
    const page = {
      lang,
      facts: factsOf(view, escalation, lang, siteName),
      caseLink: `/cases/${encodeURIComponent(view.caseId)}`,
    };
    if (escalation.ackedAt) {
      send(res, 409, { ...page, message: usedMessage(escalation, view.site) });
      return undefined;
    }
    if (view.status === 'closed') {
      send(res, 409, { ...page, message: t.closed });
      return undefined;
    }
    return { claim, view, escalation, page };
  }

  /** The holders of the rung's role at the site, by name. */
  const holders = (claim: AckClaim) =>
    [...config.users.values()]
      .filter((u) => (u.roles[claim.site] ?? []).includes(claim.role))
      .map((u) => ({ id: u.id, name: u.name }))
      .sort((a, b) => a.id.localeCompare(b.id));

  const roleName = (role: string, lang: Lang) => roleNames[role]?.[lang] ?? role;

  const usedMessage = (e: Escalation, site: string): Said => {
    const name = e.ackedByName ?? config.users.get(e.ackedBy ?? '')?.name ?? e.ackedBy ?? '';
    const zone = config.sites.get(site)?.calendar.zone ?? 'Asia/Shanghai';
    return {
      'zh-CN': t.used(name, timeIn(e.ackedAt!, 'zh-CN', zone))['zh-CN'],
      en: t.used(name, timeIn(e.ackedAt!, 'en', zone)).en,
    };
  };

  router.get('/ack/:token', validate({ params: AckTokenParamsSchema }), async (req, res) => {
    const found = await rungOf(req, res);
    if (!found) return;
    const { claim, page } = found;
    const person = claim.user ? config.users.get(claim.user) : undefined;
    const form: AckPage['form'] = person
      ? { as: { id: person.id, name: person.name } }
      : { choose: holders(claim), question: sayBoth((l) => t.whoAreYou(roleName(claim.role, l))[l]) };
    send(res, 200, { ...page, form });
  });

  router.post('/ack/:token', validate({ params: AckTokenParamsSchema, body: AckFormSchema }), async (req, res) => {
    const found = await rungOf(req, res);
    if (!found) return;
    const { claim, page, view } = found;
    // A link for one person acknowledges as that person, whatever the form says.
    const who = claim.user ?? (res.locals.input.body as { user?: string }).user;
    if (!who) {
      send(res, 422, {
        ...page,
        message: t.pickSomeone,
        form: { choose: holders(claim), question: sayBoth((l) => t.whoAreYou(roleName(claim.role, l))[l]) },
      });
      return;
    }
    const user = config.users.get(who);
    if (!user || !(user.roles[claim.site] ?? []).includes(claim.role)) {
      send(res, 403, { ...page, message: sayBoth((l) => t.notHolder(roleName(claim.role, l))[l]) });
      return;
    }
    let acked: CaseView;
    try {
      acked = await cases.acknowledge(claim.caseId, claim.n, { id: user.id, name: user.name, role: claim.role });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (err.code === 'already-acknowledged') {
        const now = await cases.view(claim.caseId).catch(() => view);
        const e = now.escalations.find((x) => x.n === claim.n);
        send(res, 409, { ...page, message: e?.ackedAt ? usedMessage(e, view.site) : t.closed });
      } else if (err.code === 'case-closed') send(res, 409, { ...page, message: t.closed });
      else if (err.status === 503) send(res, 503, { ...page, message: t.unavailable });
      else if (err.status === 404) send(res, 404, { ...page, message: t.noCase });
      else if (err.status === 403)
        send(res, 403, { ...page, message: sayBoth((l) => t.notHolder(roleName(claim.role, l))[l]) });
      else throw err;
      return;
    }
    const e = acked.escalations.find((x) => x.n === claim.n)!;
    const zone = config.sites.get(view.site)?.calendar.zone ?? 'Asia/Shanghai';
    send(res, 200, {
      ...page,
      message: sayBoth((l) => t.done(user.name, timeIn(e.ackedAt ?? new Date().toISOString(), l, zone))[l]),
    });
  });
  return router;
}

interface Found {
  claim: AckClaim;
  view: CaseView;
  escalation: Escalation;
  page: Pick<AckPage, 'lang' | 'facts' | 'caseLink'>;
}

const sayBoth = (say: (lang: Lang) => string): Said => ({ 'zh-CN': say('zh-CN'), en: say('en') });

function send(res: Response, status: number, page: AckPage): void {
  // The token is in the URL: no cache may keep the page, and no page it links to learns it.
  res.status(status).set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').type('html');
  res.send(renderAckPage(page));
}

const timeIn = (iso: string, lang: Lang, zone: string) => formatInstant(iso, zone, lang);

/** The rung in words (api/messages.ts), with the procedure's own names where its version is known. */
function factsOf(view: CaseView, e: Escalation, lang: Lang, siteName: string): string[] {
  let def: ProcedureDefinition | undefined;
  try {
    def = getProcedure(view.procedure, view.version);
  } catch {
    def = undefined; // a procedure this API does not know: ids instead of names
  }
  return t.facts(def, lang, { number: view.number, site: siteName, timer: e.timer, level: e.level, role: e.to });
}
