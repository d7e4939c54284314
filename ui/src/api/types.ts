/**
 * The shapes the API answers, by the names the UI uses: each one is a schema of the OpenAPI document the API serves
 * (GET /api/openapi.json, built from the routes' zod schemas), as generated into ./openapi.d.ts by
 * `npm run gen:api-types`. Nothing here restates a field: a change to the API shows up as a type error in the UI.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

/** The signed-in user: id, display name and roles per site id (POST /auth/login's `user`). */
export type SessionUser = Schemas['SessionUser'];
/** What POST /auth/login, POST /auth/refresh and GET /auth/session answer: the token, its expiry and the user. */
export type SignedIn = Schemas['LoginResult'];
/** A procedure as GET /procedures lists it (newest version), labelled in the caller's language. */
export type ProcedureSummary = Schemas['ProcedureSummary'];
/** GET /procedures: every procedure, labelled in the caller's language. */
export type ProcedureList = Schemas['ProcedureList'];
/** GET /procedures/{id}: states, steps with their data schemas and labels, deadlines, diagram and strings. */
export type ProcedureDetail = Schemas['ProcedureDetail'];
/** One step of a procedure: who may take it, its data's JSON Schema and the labels of its fields and values. */
export type ProcedureEvent = Schemas['ProcedureEvent'];
/** The data of opening a case or of a step: roles, JSON Schema, field and value labels. */
export type DataSpec = ProcedureDetail['start'];
/** One rung of an escalation ladder that fired, and its acknowledgement. */
export type Escalation = Schemas['Escalation'];
/** One step recorded in a case's history. */
export type StepRecord = Schemas['StepRecord'];
/** A case as the caller sees it (GET /cases/{id}, and the answer of every step and acknowledgement). */
export type CaseView = Schemas['CaseViewForMe'];
/** A step the caller's roles could take now but a rule of the procedure refuses, with the rules in words. */
export type BlockedEvent = CaseView['blockedEventsForMe'][number];
/** A case in a list (GET /cases, the event stream). */
export type CaseSummary = Schemas['CaseSummary'];
/** GET /cases: one page of cases. */
export type CaseList = Schemas['CaseList'];
/** A case in the caller's inbox, and why it is there. */
export type InboxItem = Schemas['InboxItem'];
/** GET /inbox. */
export type Inbox = Schemas['Inbox'];
/** GET /sites: the caller's sites with their roles there, and the name of every role. */
export type MySites = Schemas['MySites'];
/** One site the caller works at: id, name, IANA time zone and the caller's roles there. */
export type SiteInfo = MySites['sites'][number];
/** GET /sites/{id}/staff: the people holding a role at a site. */
export type SiteStaff = Schemas['SiteStaff'];
/** One person of a site's staff: user id, display name, roles there, gender where recorded. */
export type StaffMember = SiteStaff['staff'][number];
/** GET /reports/overdue: per site, procedure and deadline, how often it passed. */
export type OverdueReport = Schemas['OverdueReport'];
/** GET /reports/ledger: the penalty ledger, totals per site and department and one line per charge. */
export type LedgerReport = Schemas['LedgerReport'];
/** GET /reports/monthly: cases, overdue rate and time to step per month. */
export type MonthlyReport = Schemas['MonthlyReport'];
/** POST /cases/{id}/attachments: the file as stored. */
export type Attachment = Schemas['Attachment'];
/** GET /cases/{id}/attachments: the case's files and their chain of custody. */
export type CaseFiles = Schemas['CaseFiles'];

/**
 * An API refusal (application/problem+json), as the UI holds it: the document's Problem, where a refusal that never
 * reached the API (status 0: no network) has only a status and a title.
 */
export type Problem = Partial<Schemas['Problem']> & { status: number };
