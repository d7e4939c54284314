import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { ulid } from 'ulid';
import { TASK_QUEUE, type SiteRoster } from '../../config';
import {
  CASE_WORKFLOW_TYPE,
  previewCase,
  type Actor,
  type CaseView,
  type StepInput,
  ackUpdate,
  stepUpdate,
  viewQuery,
  casePolicyFor,
  type SitePolicy,
  type ProcedureDefinition,
  type RunProcedureInput,
  type Addendum,
} from '../../workflows/engine';
import { getProcedure, newestProcedures } from '../../workflows/procedures';
import { recordsConfigured, type CaseArchive } from '../../records';
import { HttpError } from '../errors';
import { CaseNumberer } from './case-numbers';
import { dataIssuesOf, invalidDataError } from '../errors';
import { dataRefusal, lateFactRefusal, refusalMessage } from '../messages';
import type { StepResult } from '../metrics/metrics';
import { fingerprintOf, keyReusedError, requestKeyOf, START_REQUEST_MEMO } from './idempotency';

const READ_DEADLINE_MS = 8000;

const statusOfRejection: Record<string, number> = {
  EventNotAllowed: 409,
  InvalidData: 422,
  RoleNotAllowed: 403,
  NotFound: 404,
  AlreadyAcknowledged: 409,
  IdempotencyKeyReused: 422,
};

/** Talks to Temporal for the case routes: start, view, step, acknowledge. */
export class CaseService {
  /** Takes case numbers, many starts to one Update of the day's sequence. */
  private readonly numberer: CaseNumberer;

  constructor(
    private readonly client: Client,
    private readonly sites: Map<string, SitePolicy>,
    /** The records database: serves a case whose workflow Temporal no longer has (issue 16). */
    private readonly archive?: CaseArchive,
    /** Told how each step ended (the steps metric); `procedure` undefined when the case id names none. */
    private readonly onStep: (procedure: string | undefined, result: StepResult) => void = () => {},
    /**
     * The sites' on-duty rosters (config/rosters/, issue 21 point 3): a new case is told which roles its site's roster
     * covers. Absent (hand-built configs): cases start without, and every rung goes to its role as before rosters.
     */
    private readonly rosters?: ReadonlyMap<string, SiteRoster>,
    /**
     * With records: `full` has new cases write every attribute to Temporal's visibility at each change (CASE_VISIBILITY,
     * issue 23); `status`, the fixed ones and the status only.
     */
    private readonly caseVisibility: 'status' | 'full' = 'status',
  ) {
    this.numberer = new CaseNumberer(client);
  }

  /**
   * Starts a case. With an idempotency key, the case id is derived from user and key, and the start request's
   * fingerprint is kept in the case's memo: the same key with the same request gives back that case (`created:
   * false`), open or closed, and never starts it again; with a different request it throws HttpError 422
   * `idempotency-key-reused` and changes nothing. A case id is never reused, even after its case closed.
   */
  async start(
    def: ProcedureDefinition,
    site: SitePolicy,
    data: Record<string, unknown>,
    drill: boolean,
    actor: Actor,
    idempotencyKey?: string,
  ): Promise<{ view: CaseView; created: boolean }> {
    const suffix = idempotencyKey
      ? `k${createHash('sha256').update(`${actor.id}\n${idempotencyKey}`).digest('hex').slice(0, 25)}`
      : ulid();
    const caseId = `${def.id}-${site.id}-${suffix}`;
    const number = await this.numberer.number(def.numberPrefix, site, caseId);
    const openedAt = Date.now();
    const input: RunProcedureInput = {
      procedure: def.id,
      version: def.version,
      caseId,
      number,
      site: site.id,
      drill,
      // The holiday dates of the case's horizon are copied in with the policy (issue 15).
      policy: casePolicyFor(def, site, openedAt),
      data,
      startedBy: actor,
      // Every change of the case goes to the records database when the app has one (issue 16).
      // Temporal's visibility then keeps only its fixed attributes and status unless CASE_VISIBILITY=full (issue 23).
      ...(recordsConfigured()
        ? { records: true, ...(this.caseVisibility === 'full' ? { fullVisibility: true } : {}) }
        : {}),
      // The roles the site's roster covers: their rungs go to the person on duty (issue 21 point 3).
      ...(this.rosters ? { rostered: Object.keys(this.rosters.get(site.id)?.roles ?? {}).sort() } : {}),
    };
    const fingerprint = fingerprintOf({ procedure: def.id, site: site.id, data, drill, role: actor.role });
    const startedAt = Date.now();
    try {
      await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId: caseId,
        taskQueue: TASK_QUEUE,
        args: [input],
        // One case per id, ever: a retried start (or a panel's resend) after the case closed must not open it again.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...(idempotencyKey ? { memo: { [START_REQUEST_MEMO]: fingerprint } } : {}),
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await this.sameStartRequest(caseId, fingerprint);
      return { view: await this.view(caseId), created: false };
    }
    // A new case is answered with the view the workflow computes from the same input with the same pure engine,
    // without waiting for the worker's first task and a query (two round trips more than Temporal's start). Its
    // times are the API's clock; the workflow's own (a GET) may be later by the worker's pickup delay.
    try {
      return { view: previewCase(def, input, startedAt), created: true };
    } catch {
      return { view: await this.view(caseId), created: true };
    }
  }

  // The case under an idempotency key was started by the same request, or throws 422. The fingerprint is in the memo
  // of the case's first run (a run continued as new may not carry it); a case started before the memo existed, or
  // whose first run is past retention, has none and is taken as the same request.
  private async sameStartRequest(caseId: string, fingerprint: string): Promise<void> {
    let recorded: unknown;
    try {
      const latest = await this.client.workflow.getHandle(caseId).describe();
      recorded = latest.memo?.[START_REQUEST_MEMO];
      const firstRunId = latest.raw.workflowExecutionInfo?.firstRunId;
      if (recorded === undefined && firstRunId && firstRunId !== latest.runId) {
        const first = await this.client.workflow
          .getHandle(caseId, firstRunId)
          .describe()
          .catch(() => undefined);
        recorded = first?.memo?.[START_REQUEST_MEMO];
      }
    } catch (err) {
      throw this.translate(err, caseId);
    }
    if (typeof recorded === 'string' && recorded !== fingerprint) {
      throw keyReusedError(`this Idempotency-Key already opened case ${caseId} with a different request; nothing done`);
    }
  }

  /**
   * The case as its workflow answers it, or, once Temporal no longer keeps the workflow, as its records hold it. A
   * closed case also carries the facts added after it closed (`addenda`, from the records whichever answered) and
   * the facts it may still be given now (`lateFacts`, by its procedure's rules).
   * @throws HttpError 404 (no such case), 503 (Temporal, or the records a closed case needs, unreachable)
   */
  async view(caseId: string): Promise<CaseView> {
    return this.withLateFacts(await this.liveOrKept(caseId));
  }

  private async liveOrKept(caseId: string): Promise<CaseView> {
    try {
      // A read should not hang while Temporal is away: give up after a few seconds and answer 503.
      return await this.client.connection.withDeadline(Date.now() + READ_DEADLINE_MS, () =>
        this.client.workflow.getHandle(caseId).query(viewQuery),
      );
    } catch (err) {
      // The workflow is gone (retention, or deleted): the case is served whole from its records.
      if (err instanceof WorkflowNotFoundError && this.archive) {
        const kept = await this.archive.getCase(caseId).catch(() => {
          throw recordsUnavailable();
        });
        if (kept) return kept.view;
      }
      throw this.translate(err, caseId);
    }
  }

  // A closed case with what was added to it after close (issue 18 point 2) and what may still be added.
  private async withLateFacts(view: CaseView): Promise<CaseView> {
    const def = getProcedure(view.procedure, view.version);
    if (view.status !== 'closed' || !def.lateFacts || !this.archive?.addenda) return view;
    const addenda = await this.archive.addenda(view.caseId).catch(() => {
      throw recordsUnavailable();
    });
    const lateFacts = Object.entries(def.lateFacts)
      .filter(([type, spec]) => spec.refusal(view.context, dataOf(addenda, type)) === undefined)
      .map(([type, spec]) => ({ type, roles: [...spec.roles] }));
    return { ...view, ...(addenda.length ? { addenda } : {}), lateFacts };
  }

  /**
   * Adds a fact to a closed case (issue 18 point 2: the police case number, known after the case closed), as an
   * entry appended to the case's records: who (`actor`, in its role), when (now), what (`data`, checked by the
   * procedure's schema). Nothing recorded changes, and the workflow is not asked: a closed case's workflow has
   * completed and takes no Update, and retention may have deleted it; the records hold the case either way.
   * Which roles may add it and when the case refuses it are the procedure's (`ProcedureDefinition.lateFacts`).
   * @returns the case as {@link view} answers it, with the addition
   * @throws HttpError 404 (no such case), 409 `case-open` (the step applies), 409 `fact-not-addable`, 403
   *   `role-not-allowed`, 422 `invalid-data`, 409 `late-fact-refused` (the rule: e.g. no police involved, or a number
   *   already recorded), 409 `records-not-kept` / `not-in-records`, 503 `records-unavailable`; each with zh-CN and en
   */
  async addFact(caseId: string, type: string, data: Record<string, unknown>, actor: Actor): Promise<CaseView> {
    const view = await this.liveOrKept(caseId);
    const def = getProcedure(view.procedure, view.version);
    const spec = def.lateFacts?.[type];
    const refuse = (status: number, code: string, message: string, why: Parameters<typeof lateFactRefusal>[2]) =>
      new HttpError(
        status,
        code,
        message,
        { fact: type, ...(why.kind === 'refused' ? { reason: why.reason } : {}) },
        lateFactRefusal(def, type, why),
      );
    if (view.status !== 'closed') {
      const hasStep = def.events[type] !== undefined;
      throw refuse(409, 'case-open', `case ${view.number} is still open`, { kind: 'case-open', hasStep });
    }
    if (!spec) {
      throw refuse(409, 'fact-not-addable', `a closed ${def.id} case takes no ${type}`, { kind: 'not-addable' });
    }
    if (!spec.roles.includes(actor.role)) {
      throw new HttpError(
        403,
        'role-not-allowed',
        `role ${actor.role} may not add ${type}`,
        { roles: [...spec.roles] },
        {
          'zh-CN': refusalMessage(def, 'zh-CN', 'RoleNotAllowed', type, { roles: spec.roles }),
          en: refusalMessage(def, 'en', 'RoleNotAllowed', type, { roles: spec.roles }),
        },
      );
    }
    const parsed = spec.schema.safeParse(data);
    if (!parsed.success) {
      throw invalidDataError(parsed.error, 'data', dataRefusal(def, dataIssuesOf(parsed.error), type));
    }
    if (!this.archive?.addAddendum) {
      throw refuse(409, 'records-not-kept', 'this app keeps no records database', { kind: 'records-not-kept' });
    }
    const fact = {
      type,
      data: parsed.data,
      actor: { id: actor.id, name: actor.name },
      role: actor.role,
      at: new Date().toISOString(),
    };
    // The rule runs on the case as its records hold it, under the case's lock with every earlier addition.
    const result = await this.archive
      .addAddendum(caseId, fact, (kept, earlier) => spec.refusal(kept.context, dataOf(earlier, type)))
      .catch(() => {
        throw recordsUnavailable();
      });
    if ('refused' in result) {
      const reason = result.refused;
      if (reason === 'purged') throw new HttpError(404, 'no-such-case', `no case ${caseId}`);
      if (reason === 'not_recorded' || reason === 'case_open') {
        throw refuse(409, 'not-in-records', `the records hold no closed case ${caseId}`, { kind: 'not-in-records' });
      }
      throw refuse(409, 'late-fact-refused', `${type} refused: ${reason}`, { kind: 'refused', reason });
    }
    return this.view(caseId);
  }

  /**
   * Sends a step as an Update. With an idempotency key (scoped to the actor, see {@link requestKeyOf}) a retry of the
   * same step gets the first answer and is applied once, also after the case continued as new; the same key with a
   * different event, data or role throws HttpError 422 `idempotency-key-reused` and changes nothing.
   */
  async step(caseId: string, step: StepInput, idempotencyKey?: string): Promise<CaseView> {
    const keyed = idempotencyKey
      ? requestKeyOf(step.actor.id, idempotencyKey, {
          kind: 'step',
          type: step.type,
          data: step.data ?? {},
          role: step.actor.role,
        })
      : undefined;
    const def = this.locate(caseId)?.def;
    try {
      const view = await this.update(
        caseId,
        stepUpdate,
        [keyed ? { ...step, request: keyed.request } : step],
        keyed?.updateId,
      );
      this.onStep(def?.id, 'applied');
      return view;
    } catch (err) {
      const translated = this.translate(err, caseId);
      this.onStep(def?.id, translated instanceof HttpError && translated.status < 500 ? 'refused' : 'failed');
      if (
        translated instanceof HttpError &&
        def &&
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ApplicationFailure
      ) {
        const kind = err.cause.type ?? '';
        return Promise.reject(
          new HttpError(translated.status, translated.code, translated.message, translated.extra, {
            'zh-CN': refusalMessage(def, 'zh-CN', kind, step.type, translated.extra),
            en: refusalMessage(def, 'en', kind, step.type, translated.extra),
          }),
        );
      }
      throw translated;
    }
  }

  /** Acknowledges escalation `escalation`; an idempotency key works as for {@link step} (a repeat is answered once). */
  async acknowledge(caseId: string, escalation: number, actor: Actor, idempotencyKey?: string): Promise<CaseView> {
    const keyed = idempotencyKey ? requestKeyOf(actor.id, idempotencyKey, { kind: 'ack', escalation }) : undefined;
    try {
      return await this.update(
        caseId,
        ackUpdate,
        [{ escalation, actor, ...(keyed ? { request: keyed.request } : {}) }],
        keyed?.updateId,
      );
    } catch (err) {
      throw this.translate(err, caseId);
    }
  }

  /**
   * Executes an Update under one id (`updateId`, or a new one), sending it again under that id while Temporal answers
   * that it lost it ("update … not found": the workflow task that would have accepted it failed or timed out, as on a
   * loaded worker). Temporal applies an id at most once, so the step is never applied twice; other errors are thrown.
   */
  private async update<Ret, Args extends [unknown, ...unknown[]]>(
    caseId: string,
    definition: UpdateDefinition<Ret, Args>,
    args: Args,
    updateId = ulid(),
  ): Promise<Ret> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.client.workflow.getHandle(caseId).executeUpdate(definition, { args, updateId });
      } catch (err) {
        if (attempt >= LOST_UPDATE_ATTEMPTS || !isLostUpdate(err)) throw err;
      }
    }
  }

  /** The site and procedure a case id names (`<procedure>-<site>-<id>`), without asking Temporal. */
  locate(caseId: string): { def: ProcedureDefinition; site: SitePolicy } | null {
    // The newest version stands for the procedure here (roles and labels); the case's own version is in its view.
    for (const def of newestProcedures()) {
      if (!caseId.startsWith(`${def.id}-`)) continue;
      const rest = caseId.slice(def.id.length + 1);
      for (const site of this.sites.values()) {
        if (rest.startsWith(`${site.id}-`) && rest.length > site.id.length + 1) return { def, site };
      }
    }
    return null;
  }

  private translate(err: unknown, caseId: string): unknown {
    if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'no-such-case', `no case ${caseId}`);
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const status = statusOfRejection[err.cause.type ?? ''] ?? 409;
      const details = (err.cause.details?.[0] ?? {}) as Record<string, unknown>;
      if (err.cause.type === 'IdempotencyKeyReused') return keyReusedError(err.cause.message, details);
      return new HttpError(status, kebab(err.cause.type ?? 'rejected'), err.cause.message, details);
    }
    const message = (err as Error)?.message ?? '';
    if (/workflow execution already completed/i.test(message)) {
      return new HttpError(409, 'case-closed', `case ${caseId} is closed; no more steps are accepted`, { allowed: [] });
    }
    if (isUnavailable(err))
      return new HttpError(503, 'temporal-unavailable', 'the workflow service cannot be reached; try again');
    return err;
  }
}

const LOST_UPDATE_ATTEMPTS = 3;

const recordsUnavailable = () =>
  new HttpError(503, 'records-unavailable', 'the records database cannot be reached; try again');

/** The data of the additions of fact `type`, oldest first. */
const dataOf = (addenda: readonly Addendum[], type: string) =>
  addenda.filter((a) => a.type === type).map((a) => a.data);

/** Temporal's answer for an Update it no longer knows: it was not accepted, so sending it again under its id is safe. */
export function isLostUpdate(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError && /update .* not found/i.test(err.message);
}

const kebab = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** A gRPC UNAVAILABLE or a failed connection: Temporal is down, not the request wrong. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: number; cause?: { code?: number }; message?: string };
  // 14 UNAVAILABLE; 4 DEADLINE_EXCEEDED, which is how a read gives up on a server that does not answer.
  const codes = [e?.code, e?.cause?.code];
  return (
    codes.includes(14) || codes.includes(4) || /UNAVAILABLE|ECONNREFUSED|Failed to connect/i.test(e?.message ?? '')
  );
}
