import type { RequestHandler } from 'express';
import type { AppConfig } from '../../config';
import type { StaffReference } from '../../workflows/engine';
import { getProcedure } from '../../workflows/procedures';
import type { SessionUser } from '../auth/tokens';
import { HttpError } from '../errors';
import { staffMessages } from '../messages';
import type { CaseService } from './service';

/**
 * Mounted with `use` on `/cases/:id/events`, before the case router. For a step whose event (of the case's own
 * procedure version) declares `staff` references, checks each named user id against the site's staff records
 * (config/users.yaml): the person must hold a role at the case's site and, where asked, have the gender asked. A
 * refusal is 422 `staff-not-qualified` with the field's path and a zh-CN and English message, and nothing is sent;
 * otherwise the record's name and gender are written into the step's `stamp` fields, replacing what was sent. Steps of
 * events without references, and requests the case router refuses anyway (unknown case, a site the user does not work
 * at), pass untouched.
 */
export function refuseUnqualifiedStaff(config: AppConfig, cases: CaseService): RequestHandler {
  return async (req, _res, next) => {
    if (req.method !== 'POST' || (req.path !== '/' && req.path !== '')) return next();
    const id = String(req.params.id ?? '');
    const body = req.body as { type?: unknown; data?: unknown } | undefined;
    const where = cases.locate(id);
    const user = req.res!.locals.user as SessionUser | undefined;
    if (!where || !user?.roles[where.site.id] || typeof body?.type !== 'string') return next();
    // The newest version says whether any version could name staff here; the case's own version decides.
    if (!where.def.events[body.type]?.staff?.length) return next();
    const { version } = await cases.view(id);
    const refs = getProcedure(where.def.id, version).events[body.type]?.staff ?? [];
    const data = body.data;
    if (!refs.length || !data || typeof data !== 'object' || Array.isArray(data)) return next();
    for (const ref of refs) check(config, where.site.id, ref, data as Record<string, unknown>);
    next();
  };
}

// Throws the 422 for `ref`, or stamps the record into `data`.
function check(config: AppConfig, site: string, ref: StaffReference, data: Record<string, unknown>): void {
  const value = data[ref.field];
  if (typeof value !== 'string') return; // absent or not text: the event's schema refuses it
  const person = config.users.get(value.trim());
  const path = `body.data.${ref.field}`;
  if (!person || !person.roles[site]?.length) {
    const said = staffMessages.notStaff(ref.field, value, site);
    throw new HttpError(
      422,
      'staff-not-qualified',
      said.en,
      { issues: [{ path, message: said.en, code: 'custom' }] },
      said,
    );
  }
  if (ref.gender && person.gender !== ref.gender) {
    const said = staffMessages.wrongGender(ref.field, person.name, ref.gender);
    throw new HttpError(
      422,
      'staff-not-qualified',
      said.en,
      { issues: [{ path, message: said.en, code: 'custom' }] },
      said,
    );
  }
  data[ref.field] = person.id;
  if (ref.stamp?.name) data[ref.stamp.name] = person.name;
  if (ref.stamp?.gender && person.gender) data[ref.stamp.gender] = person.gender;
}
