import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ulid } from 'ulid';
import { TASK_QUEUE } from '../../config';
import {
  caseNumberSequenceId,
  formatCaseNumber,
  SEQUENCE_MAX_HISTORY_EVENTS,
  numberCasesUpdate,
  sequenceStateQuery,
} from '../../workflows/engine';

type Waiting = { caseId: string; resolve: (n: number) => void; reject: (err: unknown) => void };

/**
 * Takes case numbers from the day's sequence workflow, coalescing concurrent requests: Updates to one workflow run
 * one after another (and the server refuses more than a few in flight), so one Update per case capped a burst of
 * starts at a few cases a second. Here at most one Update per sequence is in flight from this process; the requests
 * that arrive meanwhile wait and go together in the next one. Numbers stay consecutive and in order of the batch.
 */
export class CaseNumberer {
  /** Update calls sent to Temporal, retries included: lets a test see the coalescing. */
  updatesSent = 0;
  /** Requests waiting per sequence id; an entry exists exactly while that sequence's batches are being sent. */
  private readonly queues = new Map<string, Waiting[]>();
  /** Sequences known to be running: a batch then needs one Update, not a start and an Update. */
  private readonly running = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly maxBatch = 500,
  ) {}

  /** The readable case number for a new case, e.g. ZJ-20261124-0007; asking again for a case id gives the same. */
  async number(prefix: string, site: { id: string; calendar: { zone: string } }, caseId: string): Promise<string> {
    const day = dayIn(site.calendar.zone);
    const n = await this.enqueue(caseNumberSequenceId(prefix, site.id, day), caseId);
    return formatCaseNumber(prefix, day, n);
  }

  private enqueue(sequenceId: string, caseId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const waiting = this.queues.get(sequenceId);
      if (waiting) return void waiting.push({ caseId, resolve, reject });
      const queue = [{ caseId, resolve, reject }];
      this.queues.set(sequenceId, queue);
      void this.drain(sequenceId, queue);
    });
  }

  /** Sends the waiting requests, a batch at a time, until none is left; every request is settled, none hangs. */
  private async drain(sequenceId: string, queue: Waiting[]): Promise<void> {
    // Let the requests that arrived in this same turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const caseIds = batch.map((w) => w.caseId);
        const numbers = await this.send(sequenceId, caseIds);
        if (numbers.length !== batch.length) throw new Error(`${sequenceId} answered ${numbers.length} numbers`);
        numbers.forEach((n, i) => batch[i]?.resolve(n));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    }
    this.queues.delete(sequenceId); // in the same turn as the last check: no request can slip in between
  }

  private startSequence(sequenceId: string): Promise<void> {
    return startSequenceOn(this.client, sequenceId);
  }

  private async send(sequenceId: string, caseIds: string[]): Promise<number[]> {
    // A fresh Update id per batch: a retried start is recognised by its case id in the workflow, not by Update id.
    const updateId = ulid();
    const update = () => {
      this.updatesSent++;
      return this.client.workflow.getHandle(sequenceId).executeUpdate(numberCasesUpdate, { args: [caseIds], updateId });
    };
    if (this.running.has(sequenceId)) {
      try {
        return await whileBusy(update);
      } catch (err) {
        // Gone (terminated, or past its life): start it again below.
        if (!(err instanceof WorkflowNotFoundError) && !/already completed/i.test((err as Error)?.message ?? ''))
          throw err;
        this.running.delete(sequenceId);
      }
    }
    await this.startSequence(sequenceId);
    const numbers = await whileBusy(update);
    this.running.add(sequenceId);
    return numbers;
  }
}

/**
 * Makes sure the day's sequence runs. A sequence id runs one sequence, ever: a running one is used as it is; one that
 * closed (terminated, or ended while a late clock still asks for its day) is continued by a new run from its last
 * number and recent case ids, read by a query, so no number of the day is handed out twice.
 */
async function startSequenceOn(client: Client, sequenceId: string): Promise<void> {
  const start = (args: [] | [number, number, Array<[string, number]>], reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE') =>
    client.workflow.start('caseNumberSequence', {
      workflowId: sequenceId,
      taskQueue: TASK_QUEUE,
      args,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: reuse,
    });
  try {
    await start([], 'REJECT_DUPLICATE');
    return;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const { last, numbered } = await client.workflow.getHandle(sequenceId).query(sequenceStateQuery);
  await start([last, SEQUENCE_MAX_HISTORY_EVENTS, numbered], 'ALLOW_DUPLICATE');
}

/** Today as YYYYMMDD in the site's zone: the day a case number carries. */
function dayIn(zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return parts.format(new Date()).replaceAll('-', '');
}

/**
 * Retries a call Temporal refused as RESOURCE_EXHAUSTED: the server takes only a few Updates in flight per workflow
 * (10 on the dev server), and several API processes may share one sequence, so a refused batch is queued here
 * instead of failing. The retry keeps its Update id, and the workflow knows its case ids, so it never takes new numbers.
 */
async function whileBusy<T>(call: () => Promise<T>, attempts = 50): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      const e = err as { code?: number; cause?: { code?: number }; message?: string };
      const busy = e?.code === 8 || e?.cause?.code === 8 || /RESOURCE_EXHAUSTED/i.test(e?.message ?? '');
      if (!busy || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.min(1000, 20 * i) * (0.5 + Math.random())));
    }
  }
}
