/**
 * Longer than 300 lines on purpose: `runProcedure` is one workflow function whose handlers (steps, acknowledgements,
 * timers, the view) share its closure — the case core, the open timer scopes, the pending activities — and whose order
 * of commands is what recorded histories replay against. Cut into modules, that state would be passed around and the
 * order of commands would be harder to see; what needs no closure already lives apart (the case core, messages,
 * search attributes).
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { ActionPayload, CaseCore, CaseStart, Effect, PersistedCase } from './case-core';
import type { CaseView, InAppNotice, OnDutyAnswer, OnDutyQuery } from './contract';
import { pickedBy } from './picked';
import { ackUpdate, stepUpdate, viewQuery } from './messages';
import { caseSearchAttributes as sa } from './search-attributes';
import { engine } from './shared-engine';

export interface RunProcedureInput extends CaseStart {
  procedure: string;
  /** The version the case started with; the case keeps it to the end, across continue-as-new. */
  version: number;
  /** Set by continue-as-new: the case carried over from the previous run. */
  resume?: PersistedCase;
  /** Upsert the case's search attributes (off only where a test server lacks custom attributes). */
  visibility?: boolean;
  /**
   * With `records`: also upsert what changes at each step and rung (state, deadlines, roles, escalations) to Temporal's
   * visibility, not only the status (CASE_VISIBILITY=full; cases since RECORDS_WRITTEN_LOCALLY).
   */
  fullVisibility?: boolean;
  /** History length at which the case continues as new (tests lower it). */
  maxHistoryEvents?: number;
  /**
   * Record every change of the case in the app's records database (set by the API when it has one, issue 16): one
   * `recordCase` write per change, carrying the in-app notices the `inform` and `notify` activities wrote to files.
   */
  records?: boolean;
  /** Set by continue-as-new: the revision of the case's last records write, so revisions keep increasing. */
  recordRevision?: number;
}

type ActionActivity = (
  payload: unknown,
) => Promise<{ delivered?: string[]; undelivered?: Array<{ channel: string; reason: string }> } | void>;

// Notifications retry until delivered: a channel that is down delays, never loses.
const actionActivities = proxyActivities<Record<string, ActionActivity>>({
  // Short: a worker that dies mid-delivery is noticed in seconds and another retries, so an escalation is not held up.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

// The records write (issue 16): retried without end while the database is down (a step never waits for it); one in
// flight per case, so each write is newer than the last.
const { recordCase } = proxyActivities<{ recordCase(write: RecordWrite): Promise<unknown> }>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The same write as a local activity, for a change nobody waits on (a deadline fired, ENGINE_PATCHES_FOLDED): the worker
// writes inside the timer's own workflow task, so an escalation costs Temporal its timer, one workflow task and one
// marker, not an activity task and a second workflow task more (issue 23). Short and few attempts: a database that does
// not answer hands the write to `recordCase` above, which retries without end, and the task is not held up.
const { recordCase: recordCaseLocal } = proxyLocalActivities<{ recordCase(write: RecordWrite): Promise<unknown> }>({
  startToCloseTimeout: '4 seconds',
  scheduleToCloseTimeout: '8 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 2 },
});

// A person's change (a step, an acknowledgement) written inside the Update's own workflow task (cases since
// RECORDS_WRITTEN_LOCALLY): the person's answer waits for this write, so it is tried once and briefly; a database that
// does not answer within 2 s hands the write to `recordCase`, which retries without end, and the step is answered.
const { recordCase: recordCaseInStep } = proxyLocalActivities<{ recordCase(write: RecordWrite): Promise<unknown> }>({
  startToCloseTimeout: '2 seconds',
  retry: { maximumAttempts: 1 },
});

/** What `recordCase` receives: records/store.ts's CaseWrite (the workflow bundle does not load the records part). */
export interface RecordWrite {
  view: CaseView;
  revision: number;
  notices: InAppNotice[];
}

/**
 * Patch id: cases started with `records` write every change to the records database through `recordCase`, and their
 * in-app notices go with those writes instead of the `inform` activity and `notify`'s outbox file.
 */
export const CASE_RECORDS_PATCH = 'case-records';

// Keeps each run's history well under Temporal's limits.
const HISTORY_EVENTS_BEFORE_CONTINUE = 4000;

/**
 * Patch id: a new case's clock (its start time, and the deadlines counted from it) starts when Temporal accepted the
 * case, not when a busy worker first ran it; cases started before replay with the first task's time.
 */
export const CASE_CLOCK_FROM_START_PATCH = 'case-clock-from-start';

/**
 * Patch id: a notice of a step (`inform`) whose case's policy names channels besides in-app (issue 21 point 4) goes
 * out through them too: with the channels in its payload to `inform`, or, for cases that keep records, by an
 * `informChannels` activity beside the records write that carries its in-app notice. Cases whose policy names no
 * channels for a notice issue the same commands as before and never reach this marker.
 */
export const INFORM_CHANNELS_PATCH = 'inform-channels';

/** Patch id: new cases upsert CaseVersion, so open cases can be counted per procedure version. */
export const CASE_VERSION_ATTRIBUTE_PATCH = 'case-version-search-attribute';

/** Patch id: new cases write search attributes only when one changed (see `publish`). */
export const PUBLISH_CHANGES_ONLY_PATCH = 'search-attributes-on-change';

/**
 * Patch id: a channel's permanent refusal of a rung (reported in the notification activity's result) is recorded on
 * the case's escalation, so a manager sees "not delivered, why"; histories from before it never recorded one.
 */
export const RECORD_UNDELIVERED_PATCH = 'record-undelivered';

/**
 * Patch id: a rung of a case started with `rostered` roles (issue 21 point 3) whose role the site's roster covers asks
 * the `onDuty` activity who is on duty at the rung's firing time before it is sent; nobody on duty and no deputy fires
 * the next rung at once instead. Cases started without `rostered` never reach this marker.
 */
export const ROSTER_PATCH = 'on-duty-roster';

// Who is on duty (issue 21 point 3): reads the roster the worker loaded; retried while a worker cannot answer.
const onDutyOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const { onDuty } = proxyActivities<{ onDuty(query: OnDutyQuery): Promise<OnDutyAnswer> }>(onDutyOptions);
// The same lookup as a local activity (cases since ENGINE_PATCHES_FOLDED): it reads memory only, so the worker runs it
// inside the rung's own workflow task — one marker in the history instead of an activity task (three events), a
// second workflow task (three more) and two round trips through the server (issue 23).
const { onDuty: onDutyLocal } = proxyLocalActivities<{ onDuty(query: OnDutyQuery): Promise<OnDutyAnswer> }>(
  onDutyOptions,
);

/**
 * Patch id: cases started since this patch take every engine patch before it (case-records, case-clock-from-start,
 * case-version-search-attribute, search-attributes-on-change, record-undelivered, inform-channels, on-duty-roster) as
 * applied, without asking for each: each `patched()` of a new case writes a marker and an upsert of Temporal's
 * `TemporalChangeVersion` search attribute (a visibility write), eight events at every start (issue 23). Its cases
 * also ask who is on duty through a local activity, and write the change a fired deadline makes to the records through
 * a local activity (falling back to `recordCase`). Histories recorded before it have no marker of this id and replay
 * through the per-patch branches and activities as before.
 */
export const ENGINE_PATCHES_FOLDED = 'engine-patches-folded-2026-12';

/**
 * Patch id: cases started since this patch take ENGINE_PATCHES_FOLDED (and every patch before it) as applied, and
 * write every change to the records inside the workflow task that made it, as a local activity: a step's and an
 * acknowledgement's inside the Update's own task (`recordCaseInStep`), the start's and a fired deadline's as before
 * (`recordCaseLocal`). A step then costs Temporal its Update's workflow task and one marker, not an activity task and
 * a second workflow task more. Such cases that keep records also publish only their status to visibility (see
 * `statusOnly`): 7 history events a step (13 before), 6 a rung (7), 10 at the start (15), pinned by
 * tests/records/temporal-cost.temporal.test.ts. A write the local activity could not make goes to `recordCase`, as
 * before. Histories recorded before it have no marker of this id and replay through ENGINE_PATCHES_FOLDED or the
 * per-patch branches.
 */
export const RECORDS_WRITTEN_LOCALLY = 'records-written-locally-2026-12';

// Workflow time: Temporal makes Date.now() deterministic inside workflows.
const now = () => Date.now();

/** Runs one case of any registered procedure: the machine decides, Temporal keeps time and history. */
export async function runProcedure(input: RunProcedureInput): Promise<CaseView> {
  // Exactly the version the case started with: a newer version deployed beside it never changes an open case.
  if (!Number.isInteger(input.version)) throw new Error(`case ${input.caseId} names no procedure version`);
  const { CaseCore, getProcedure } = engine();
  const def = getProcedure(input.procedure, input.version);
  const timers = new Map<string, CancellationScope>();
  const pending = new Set<Promise<unknown>>();
  let core: CaseCore;
  let firstEffects: Effect[];
  // Asked once, first, in the run's first workflow task (issue 23): a new run has the marker, and every older patch
  // holds for it without its own; a history from before has none and asks each patch where it always did.
  // The newest fold first: a new run writes its one marker, RECORDS_WRITTEN_LOCALLY, which stands for all before it.
  const writtenLocally = patched(RECORDS_WRITTEN_LOCALLY);
  const folded = writtenLocally || patched(ENGINE_PATCHES_FOLDED);
  const has = (patchId: string) => folded || patched(patchId);
  // Only cases started with `records` (never one whose history predates it) take the records path.
  const recordsOn = input.records === true && has(CASE_RECORDS_PATCH);
  let revision = input.recordRevision ?? 0;
  let unsentNotices: InAppNotice[] = [];
  let lastRecorded = '';
  let recordInFlight = false;
  let recordAgain = false;
  // Rungs whose on-duty lookup (a local activity, ENGINE_PATCHES_FOLDED) has not answered yet: the records write waits
  // for it, so the rung is written once, with its notice and the person it went to, not once before and once after.
  let lookingUp = 0;
  // Set while a change is applied whose records write runs as a local activity inside its own workflow task: a fired
  // deadline (or its rung's on-duty answer) in cases since ENGINE_PATCHES_FOLDED; the start, a step and an
  // acknowledgement in cases since RECORDS_WRITTEN_LOCALLY. Unset: the write is a `recordCase` activity task.
  let localWrite: ((write: RecordWrite) => Promise<unknown>) | undefined;
  const writing = (by: typeof localWrite, fn: () => void) => {
    localWrite = by;
    try {
      fn();
    } finally {
      localWrite = undefined;
    }
  };
  const unwaited = (fn: () => void) => writing(folded ? recordCaseLocal : undefined, fn);
  const waitedOn = (fn: () => void) => writing(writtenLocally ? recordCaseInStep : undefined, fn);
  if (input.resume) {
    core = CaseCore.resume(def, input.resume);
    firstEffects = core.openTimerEffects();
  } else {
    const openedAt = has(CASE_CLOCK_FROM_START_PATCH) ? workflowInfo().startTime.getTime() : now();
    ({ core, effects: firstEffects } = CaseCore.start(def, input, openedAt));
  }

  // What a notification activity reported for rung `n`: the channels that delivered it, and those that refused it for
  // good (behind RECORD_UNDELIVERED_PATCH: histories recorded before it replay without the record).
  const settleDelivery = (n: number, result: Awaited<ReturnType<ActionActivity>>) => {
    if (result?.delivered?.length) core.markDelivered(n, result.delivered);
    if (result?.undelivered?.length && has(RECORD_UNDELIVERED_PATCH)) core.markUndelivered(n, result.undelivered);
  };

  // The channels the case's policy names for a notice (issue 21 point 4), or undefined for in-app only (as before).
  const noticeChannelsOf = (payload: ActionPayload): string[] | undefined => {
    const { about } = payload.params as { about?: string };
    const policy = core.persist().context.policy as { notices?: Record<string, { channels: string[] }> } | undefined;
    const channels = policy?.notices?.[String(about)]?.channels;
    return channels?.some((c) => c !== 'in_app') ? channels : undefined;
  };
  const noticeFor = (payload: ActionPayload): InAppNotice => {
    const { role, about } = payload.params as { role: string; about: string };
    return { ...noticeOf(payload), role, kind: 'notice', about, at: new Date(now()).toISOString() };
  };
  // Keeps an activity (or a records write) in `pending` until it settles: the run ends only after every one has.
  const track = (running: Promise<unknown>) => {
    pending.add(running);
    void running.finally(() => pending.delete(running));
  };
  // Runs action activity `name`; what it reports for an escalation rung is settled on the case, which is then published.
  const run = (name: string, payload: ActionPayload) =>
    track(
      actionActivities[name]!(payload).then((result) => {
        const n = payload.escalation?.n;
        if (n !== undefined) settleDelivery(n, result);
        publish();
      }),
    );

  // Sends one escalation rung: in-app and through its other channels (the `notify` effect of the case core).
  const sendRung = (effect: Extract<Effect, { kind: 'activity' }>) => {
    const escalation = effect.payload.escalation!;
    if (recordsOn) {
      // In-app: the notice is stored with the records write that also stores the rung as delivered in-app (one
      // transaction, so neither is ever seen without the other). E-mail and webhook by `notifyChannels`, as before.
      core.markDelivered(escalation.n, ['in_app']);
      // The person the site's roster picked, when it picked one: the notice and the inbox are theirs, not the role's.
      const user = pickedBy(escalation);
      unsentNotices.push({
        ...noticeOf(effect.payload),
        role: escalation.to,
        ...(user ? { user } : {}),
        kind: 'escalation',
        about: escalation.timer,
        at: escalation.at,
        escalation,
      });
      if (escalation.channels.some((c) => c !== 'in_app')) run('notifyChannels', effect.payload);
      return;
    }
    run(effect.name, effect.payload);
  };

  // Carries out the effects of a change and publishes the case; returns the case's view as published.
  const apply = (effects: Effect[]): CaseView => {
    for (const effect of effects) {
      let channels: string[] | undefined;
      if (effect.kind === 'cancelTimer') {
        timers.get(effect.key)?.cancel();
        timers.delete(effect.key);
      } else if (effect.kind === 'startTimer') {
        timers.get(effect.key)?.cancel();
        const scope = new CancellationScope();
        timers.set(effect.key, scope);
        scope
          .run(() => sleep(Math.max(0, effect.dueAt - now())))
          .then(
            () => {
              timers.delete(effect.key);
              unwaited(() => apply(core.fireTimer(effect.key, now())));
            },
            (err) => {
              if (!isCancellation(err)) throw err;
            },
          );
      } else if (
        effect.name === 'inform' &&
        (channels = noticeChannelsOf(effect.payload)) &&
        has(INFORM_CHANNELS_PATCH)
      ) {
        // Each delivery is keyed by the notice's key and its recipient, so a retry tells nobody twice.
        const payload = { ...effect.payload, params: { ...effect.payload.params, channels } };
        if (!recordsOn) run('inform', payload);
        else {
          if (channels.includes('in_app')) unsentNotices.push(noticeFor(payload));
          run('informChannels', payload);
        }
      } else if (recordsOn && effect.name === 'inform') {
        // The notice goes to the inbox with the change's records write: no activity of its own.
        unsentNotices.push(noticeFor(effect.payload));
      } else if (effect.name === 'notify' && effect.payload.escalation && input.rostered) {
        // Issue 21 point 3: the site's roster says who the rung goes to (cases started without `rostered` skip this).
        const escalation = effect.payload.escalation;
        if (!input.rostered.includes(escalation.to)) {
          core.assignRoster(escalation.n, { by: 'no_roster' }, now());
          sendRung(effect);
        } else if (has(ROSTER_PATCH)) {
          const query = { site: input.site, role: escalation.to, at: escalation.at };
          if (folded) lookingUp += 1;
          track(
            (folded ? onDutyLocal : onDuty)(query).then((found) => {
              if (folded) lookingUp -= 1;
              const { send, effects } = core.assignRoster(escalation.n, found, now());
              unwaited(() => {
                if (send) sendRung(effect);
                apply(effects);
              });
            }),
          );
        } else sendRung(effect);
      } else if (effect.name === 'notify' && effect.payload.escalation) {
        sendRung(effect);
      } else run(effect.name, effect.payload);
    }
    return publish();
  };

  // Cases started since this patch write their attributes only when one changed, in one command: an activity that
  // ends without changing the case (a delivered notice) used to rewrite them all, one more event and one more
  // visibility write per step on the server; the start's fixed attributes go with the first write instead of alone.
  const publishChangesOnly = input.visibility !== false && has(PUBLISH_CHANGES_ONLY_PATCH);
  const statusOnly = recordsOn && writtenLocally && input.fullVisibility !== true;
  let published = '';
  let unpublished: SearchAttributeUpdatePair[] = [];
  // The view is built once per change and shared by the records write, the attributes and the Update's answer: it is
  // the case's costliest pure computation (allowed events probed per role, deadlines' calendar coverage).
  const publish = (): CaseView => {
    const view = core.view(now());
    record(view);
    if (input.visibility === false) return view;
    // Cases that keep records since RECORDS_WRITTEN_LOCALLY: what changes at every step (state, deadlines, awaiting
    // roles, escalations, updatedAt) is read from the records (lists, inbox, reports, change feed), not from Temporal's
    // visibility, so only the status goes there beside the start's fixed attributes (the open cases of a procedure
    // version are counted by it): no visibility write per step or per rung, only at the start and the close (issue 23).
    const pairs = statusOnly ? [{ key: sa.status, value: view.status }] : allAttributes(view);
    if (publishChangesOnly) {
      const fingerprint = JSON.stringify(pairs.map((p) => p.value));
      if (fingerprint === published && unpublished.length === 0) return view;
      published = fingerprint;
    }
    upsertSearchAttributes([...unpublished, ...pairs]);
    unpublished = [];
    return view;
  };

  // Sends the case as it is now when it changed since the last write; while a write is out, the next waits for it.
  const record = (view?: CaseView) => {
    if (!recordsOn || lookingUp > 0) return;
    if (recordInFlight) {
      recordAgain = true;
      return;
    }
    view ??= core.view(now());
    const fingerprint = JSON.stringify(view);
    if (fingerprint === lastRecorded && unsentNotices.length === 0) return;
    const notices = unsentNotices;
    unsentNotices = [];
    lastRecorded = fingerprint;
    recordInFlight = true;
    recordAgain = false;
    revision += 1;
    const write = { view, revision, notices };
    track(
      (localWrite ? localWrite(write).catch(() => recordCase(write)) : recordCase(write)).then(() => {
        recordInFlight = false;
        if (recordAgain) record();
      }),
    );
  };

  setHandler(viewQuery, () => core.view(now()));
  // A step or acknowledgement that carries an idempotency key (`request`) is checked against the keys the case
  // applied, in this run or before continue-as-new (Temporal remembers Update ids per run only): a repeat is answered
  // with the case as it is and not applied again; a key used for another request is refused. Histories recorded
  // before requests carried keys have no `request` on any Update, so they replay exactly as before (no patch needed).
  setHandler(
    stepUpdate,
    (step) => {
      let view!: CaseView;
      waitedOn(() => (view = apply(rejectAsFailure(() => core.applyStep(step, now())))));
      return view;
    },
    {
      validator: (step) => void rejectAsFailure(() => core.isRepeat(step.request) || void core.validate(step, now())),
    },
  );
  setHandler(
    ackUpdate,
    (ack) => {
      let view!: CaseView;
      waitedOn(
        () => (view = apply(rejectAsFailure(() => core.acknowledge(ack.escalation, ack.actor, now(), ack.request)))),
      );
      return view;
    },
    {
      validator: (ack) =>
        void rejectAsFailure(() => core.isRepeat(ack.request) || void core.validateAck(ack.escalation, ack.actor)),
    },
  );

  if (!input.resume && input.visibility !== false) {
    const fixed: SearchAttributeUpdatePair[] = [
      { key: sa.procedure, value: def.id },
      { key: sa.site, value: input.site },
      { key: sa.number, value: input.number },
      { key: sa.drill, value: input.drill ?? false },
      {
        key: sa.text,
        value: [input.number, ...Object.values(input.data).filter((v) => typeof v === 'string')].join(' '),
      },
      // Cases started before this attribute existed replay without it (no marker in their history); they are v1.
      ...(has(CASE_VERSION_ATTRIBUTE_PATCH) ? [{ key: sa.version, value: def.version }] : []),
    ];
    if (publishChangesOnly) unpublished = fixed;
    else upsertSearchAttributes(fixed);
  }
  // The start's write: nobody waits on the first workflow task (the API answered when Temporal accepted the case).
  writing(writtenLocally ? recordCaseLocal : undefined, () => apply(firstEffects));

  await condition(
    () =>
      core.closed ||
      workflowInfo().historyLength > (input.maxHistoryEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE) ||
      workflowInfo().continueAsNewSuggested,
  );
  await condition(allHandlersFinished);
  while (pending.size) await Promise.all(pending);
  if (!core.closed) {
    for (const scope of timers.values()) scope.cancel();
    return continueAsNew<typeof runProcedure>({
      ...input,
      data: {},
      resume: core.persist(),
      ...(recordsOn ? { recordRevision: revision } : {}),
    });
  }
  return core.view(now());
}

/** Every attribute of a case that changes as it runs, from its view (the start's fixed ones are written apart). */
const allAttributes = (view: CaseView): SearchAttributeUpdatePair[] => [
  { key: sa.state, value: view.state },
  { key: sa.status, value: view.status },
  { key: sa.nextDueAt, value: view.nextDueAt ? new Date(view.nextDueAt) : null },
  { key: sa.awaitingRoles, value: view.awaitingRoles },
  { key: sa.escalationLevel, value: Math.max(0, ...view.escalations.map((e) => e.level)) },
  // Roles told of an escalation nobody has acknowledged yet: their inboxes show the case. A rung the roster passed
  // over (nobody on duty, no deputy) told nobody of its role.
  {
    key: sa.escalatedTo,
    value: [...new Set(view.escalations.filter((e) => !e.ackedAt && e.roster?.by !== 'next_rung').map((e) => e.to))],
  },
  { key: sa.updatedAt, value: new Date(view.updatedAt) },
];

const noticeOf = (payload: ActionPayload) => ({
  key: payload.key,
  caseId: payload.caseId,
  number: payload.number,
  procedure: payload.procedure,
  site: payload.site,
});

// Business refusals become typed ApplicationFailures the API maps to 403/404/409/422; anything else is a bug.
function rejectAsFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof engine().StepRejected) {
      throw ApplicationFailure.create({
        type: err.kind,
        message: err.message,
        details: [err.details],
        nonRetryable: true,
      });
    }
    throw err;
  }
}
