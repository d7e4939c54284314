/**
 * Escalations the on-duty roster gave to one person (issue 21 point 3) in the records, against a real PostgreSQL this
 * test starts: the case row keeps the person apart from the roles told as a whole, and migration 0006 brings rows
 * written before it to the same rule.
 */
import { migrator, openRecords, type Records } from '../../records';
import type { CaseView, RosterPick } from '../../workflows/engine';
import { perimeterCaseChanges } from '../support/case-views';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

let pg: TestPostgres;
let records: Records;
beforeAll(async () => {
  pg = await startTestPostgres();
  records = await openRecords({ url: pg.url, migrate: false });
}, 180_000);
afterAll(async () => {
  await records?.close();
  await pg?.destroy();
});

/** The perimeter case's first change with an escalation not yet acknowledged, its rung given as `roster` says. */
function escalatedView(caseId: string, roster?: RosterPick): CaseView {
  const change = perimeterCaseChanges(caseId).find((c) => c.view.escalations.some((e) => !e.ackedAt))!;
  const view = structuredClone(change.view);
  if (roster) view.escalations[0]!.roster = roster;
  return view;
}
const columnsOf = (caseId: string) =>
  records.db
    .selectFrom('cases')
    .select(['escalated_to', 'escalated_to_users'])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();

it('migration 0006 moves a rung the roster gave to a person from its role to the person, and leaves the rest', async () => {
  const { error } = await migrator(records.db as never).migrateTo('0005-password-hashes');
  expect(error).toBeUndefined();
  // Rows as the store wrote them before 0006: every unacknowledged rung's role in escalated_to.
  const before = (caseId: string, roster?: RosterPick) => {
    const view = escalatedView(caseId, roster);
    return records.db
      .insertInto('cases')
      .values({
        case_id: caseId,
        procedure: view.procedure,
        version: view.version,
        site: view.site,
        number: view.number,
        drill: view.drill,
        status: view.status,
        state: view.state,
        revision: 1,
        started_at: view.startedAt,
        updated_at: view.updatedAt,
        closed_at: null,
        next_due_at: view.nextDueAt,
        overdue: true,
        escalation_level: 1,
        awaiting_roles: view.awaitingRoles,
        escalated_to: view.escalations.map((e) => e.to),
        search_text: view.number,
        view: JSON.stringify(view),
      })
      .execute();
  };
  await before('old-on-duty', { by: 'on_duty', user: 'li' });
  await before('old-deputy', { by: 'deputy', user: 'zhao' });
  await before('old-no-roster', { by: 'no_roster' });
  await before('old-plain');
  const { error: latest } = await migrator(records.db as never).migrateToLatest();
  expect(latest).toBeUndefined();
  const role = escalatedView('x').escalations[0]!.to;
  expect(await columnsOf('old-on-duty')).toEqual({ escalated_to: [], escalated_to_users: ['li'] });
  expect(await columnsOf('old-deputy')).toEqual({ escalated_to: [], escalated_to_users: ['zhao'] });
  expect(await columnsOf('old-no-roster')).toEqual({ escalated_to: [role], escalated_to_users: [] });
  expect(await columnsOf('old-plain')).toEqual({ escalated_to: [role], escalated_to_users: [] });
});

it('writes a rung the roster gave to a person as theirs, and its notice with the person', async () => {
  const view = escalatedView('new-on-duty', { by: 'on_duty', user: 'li' });
  const e = view.escalations[0]!;
  const notice = {
    key: 'new-on-duty:notify:1',
    caseId: view.caseId,
    number: view.number,
    procedure: view.procedure,
    site: view.site,
    role: e.to,
    user: 'li',
    kind: 'escalation' as const,
    about: e.timer,
    at: e.at,
  };
  await records.store.write({ view, revision: 1, notices: [notice] });
  expect(await columnsOf('new-on-duty')).toEqual({ escalated_to: [], escalated_to_users: ['li'] });
  const stored = await records.db.selectFrom('notices').select(['user_id', 'role']).execute();
  expect(stored).toEqual([{ user_id: 'li', role: e.to }]);
  // Acknowledged, the rung is nobody's any more.
  e.ackedAt = e.at;
  await records.store.write({ view, revision: 2 });
  expect(await columnsOf('new-on-duty')).toEqual({ escalated_to: [], escalated_to_users: [] });
});
