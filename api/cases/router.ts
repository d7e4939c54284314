import { Router, type Request } from 'express';
import type { z } from 'zod';
import type { Actor, CaseView, EventSpec, PersonFacts } from '../../workflows/engine';
import { newestProcedures } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { personOnDutyAt, type AppConfig } from '../../config';
import { dataIssuesOf, HttpError, invalidDataError, issuesOf, languageOf } from '../errors';
import { dataRefusal, requestRefusal } from '../messages';
import { rolesSeeProcedure, visibleTo } from './access';
import { refuseUnlessRun } from './site-runs';
import { validate } from '../validate';
import { refuseUnusedFields } from './unused-fields';
import {
  CaseIdParamsSchema,
  CreateCaseSchema,
  AddendumBodySchema,
  EscalationAckParamsSchema,
  IdempotencyKeySchema,
  StepBodySchema,
  type AddendumBody,
  type CreateCase,
  type EscalationAckParams,
  type StepBody,
} from './schemas';
import type { CaseService } from './service';
import type { HolidayCoverage } from '../health/coverage';
import { systemClock, type Clock } from '../clock';

/** The role a user acts in: the one asked for if they hold it at the site, else the first they hold that may act. */
function actingRole(user: SessionUser, site: string, allowed: readonly string[], asked?: string): string {
  const held = user.roles[site] ?? [];
  if (asked) {
    if (!held.includes(asked)) throw new HttpError(403, 'role-not-held', `you do not hold role ${asked} at ${site}`);
    return asked;
  }
  const role = held.find((r) => allowed.includes(r));
  if (!role) {
    throw new HttpError(
      403,
      'role-not-allowed',
      `none of your roles at ${site} (${held.join(', ') || 'none'}) may do this`,
      {
        roles: [...allowed],
      },
    );
  }
  return role;
}

/**
 * The staff records (name, roles held at `site`, gender) of the people a step's data names in the event's `people`
 * fields, by user id, with whether the site's on-duty roster has them on duty at `atMs` (epoch ms, the API's clock
 * when the step came; absent when the roster lists none of their roles). Computed here, outside workflow code, and
 * recorded with the step, so the machine's guards judge the same facts on replay. Someone not on the site's staff is
 * left out, and the workflow refuses the step (422). Undefined for an event that names nobody.
 */
function staffNamedIn(
  config: AppConfig,
  site: string,
  spec: EventSpec | undefined,
  data: Record<string, unknown>,
  atMs: number,
): Record<string, PersonFacts> | undefined {
  if (!spec?.people?.length) return undefined;
  const people: Record<string, PersonFacts> = {};
  for (const field of spec.people) {
    const id = data[field];
    const person = typeof id === 'string' ? config.users.get(id) : undefined;
    const roles = person?.roles[site];
    if (!person || !roles) continue;
    const onDuty = personOnDutyAt(config.rosters?.get(site), roles, person.id, atMs);
    people[person.id] = {
      name: person.name,
      roles,
      ...(person.gender ? { gender: person.gender } : {}),
      ...(onDuty === undefined ? {} : { onDuty }),
    };
  }
  return people;
}

function idempotencyKey(header: string | undefined): string | undefined {
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error).map((i) => ({ ...i, path: 'headers.Idempotency-Key' }));
    throw new HttpError(422, 'invalid-data', parsed.error.issues[0]!.message, { issues }, requestRefusal(issues));
  }
  return parsed.data;
}

export function casesRouter(
  config: AppConfig,
  cases: CaseService,
  holidays?: HolidayCoverage,
  clock: Clock = systemClock,
): Router {
  const router = Router();
  const forMe = (req: Request, user: SessionUser, view: CaseView) => {
    holidays?.note(view); // a deadline counted past the holiday data is logged (once per site and year)
    return visibleTo(
      user,
      view,
      languageOf(req),
      config.sites.get(view.site)?.calendar.zone ?? 'Asia/Shanghai',
      (id) => config.users.get(id)?.name,
    );
  };

  router.post('/cases', validate({ body: CreateCaseSchema }), async (req, res) => {
    const body = res.locals.input.body as CreateCase;
    const user = res.locals.user as SessionUser;
    const key = idempotencyKey(req.get('idempotency-key'));
    // A new case gets the newest version; it keeps that version to the end.
    const def = newestProcedures().find((p) => p.id === body.procedure);
    if (!def)
      throw new HttpError(422, 'unknown-procedure', `no procedure ${body.procedure}`, {
        procedures: newestProcedures().map((p) => p.id),
      });
    const site = config.sites.get(body.site);
    if (!site || !user.roles[body.site])
      throw new HttpError(403, 'site-not-allowed', `you do not work at site ${body.site}`);
    refuseUnlessRun(def, site);
    const role = actingRole(user, site.id, def.start.roles, body.role);
    if (!def.start.roles.includes(role))
      throw new HttpError(403, 'role-not-allowed', `role ${role} may not open ${def.id} cases`, {
        roles: [...def.start.roles],
      });
    const parsed = (def.start as EventSpec).schema.safeParse(body.data);
    if (!parsed.success) throw invalidDataError(parsed.error, 'data', dataRefusal(def, dataIssuesOf(parsed.error)));
    refuseUnusedFields(def, site, body.data);
    const actor: Actor = { id: user.id, name: user.name, role };
    const { view, created } = await cases.start(def, site, body.data, body.drill, actor, key);
    const held = user.roles[site.id] ?? [];
    if (!rolesSeeProcedure(def, held)) {
      // A reporter outside a confidential procedure's roles gets a receipt, not the case.
      res.status(created ? 201 : 200).json({ number: view.number, procedure: def.id, status: 'received' });
      return;
    }
    res
      .status(created ? 201 : 200)
      .location(`/api/cases/${view.caseId}`)
      .json(forMe(req, user, view));
  });

  router.get('/cases/:id', validate({ params: CaseIdParamsSchema }), async (req, res) => {
    const { id } = res.locals.input.params as z.infer<typeof CaseIdParamsSchema>;
    const user = res.locals.user as SessionUser;
    if (!cases.locate(id)) throw new HttpError(404, 'no-such-case', `no case ${id}`);
    res.json(forMe(req, user, await cases.view(id)));
  });

  router.post('/cases/:id/events', validate({ params: CaseIdParamsSchema, body: StepBodySchema }), async (req, res) => {
    const { id } = res.locals.input.params as z.infer<typeof CaseIdParamsSchema>;
    const body = res.locals.input.body as StepBody;
    const user = res.locals.user as SessionUser;
    const key = idempotencyKey(req.get('idempotency-key'));
    const where = cases.locate(id);
    if (!where) throw new HttpError(404, 'no-such-case', `no case ${id}`);
    if (!user.roles[where.site.id]) throw new HttpError(404, 'no-such-case', `no case ${id}`);
    if (!rolesSeeProcedure(where.def, user.roles[where.site.id]!)) {
      throw new HttpError(404, 'no-such-case', `no case ${id}`);
    }
    refuseUnusedFields(where.def, where.site, body.data, body.type);
    // The workflow's validator judges the event, its data and the role; here we only pick which role the user acts in.
    const eventRoles = where.def.events[body.type]?.roles ?? [];
    const role = actingRole(
      user,
      where.site.id,
      eventRoles.length ? eventRoles : (user.roles[where.site.id] ?? []),
      body.role,
    );
    const people = staffNamedIn(config, where.site.id, where.def.events[body.type], body.data, clock.now());
    const view = await cases.step(
      id,
      {
        type: body.type,
        data: body.data,
        actor: { id: user.id, name: user.name, role },
        ...(people ? { people } : {}),
      },
      key,
    );
    res.json(forMe(req, user, view));
  });

  // Issue 18 point 2: a fact added to a closed case (the police case number known after close), into its records.
  router.post(
    '/cases/:id/addenda',
    validate({ params: CaseIdParamsSchema, body: AddendumBodySchema }),
    async (req, res) => {
      const { id } = res.locals.input.params as z.infer<typeof CaseIdParamsSchema>;
      const body = res.locals.input.body as AddendumBody;
      const user = res.locals.user as SessionUser;
      const where = cases.locate(id);
      const held = where ? user.roles[where.site.id] : undefined;
      if (!where || !held || !rolesSeeProcedure(where.def, held)) {
        throw new HttpError(404, 'no-such-case', `no case ${id}`);
      }
      // Which roles may add it is the procedure's (lateFacts); here only which of the user's roles acts.
      const factRoles = where.def.lateFacts?.[body.type]?.roles ?? [];
      const role = actingRole(user, where.site.id, factRoles.length ? factRoles : held, body.role);
      const view = await cases.addFact(id, body.type, body.data, { id: user.id, name: user.name, role });
      res.status(201).json(forMe(req, user, view));
    },
  );

  router.post('/cases/:id/escalations/:n/ack', validate({ params: EscalationAckParamsSchema }), async (req, res) => {
    const { id, n } = res.locals.input.params as EscalationAckParams;
    const user = res.locals.user as SessionUser;
    const where = cases.locate(id);
    if (!where || !user.roles[where.site.id]) throw new HttpError(404, 'no-such-case', `no case ${id}`);
    const current = await cases.view(id);
    const to = current.escalations.find((e) => e.n === n)?.to;
    if (!to) throw new HttpError(404, 'no-such-escalation', `case ${current.number} has no escalation ${n}`);
    const role = actingRole(user, where.site.id, [to], undefined);
    const view = await cases.acknowledge(
      id,
      n,
      { id: user.id, name: user.name, role },
      idempotencyKey(req.get('idempotency-key')),
    );
    res.json(forMe(req, user, view));
  });

  return router;
}
