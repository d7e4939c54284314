import type { Client } from '@temporalio/client';
import { listCases, type CaseSummary } from '../cases/visibility';

/** A case change as the stream sends it; the id orders changes and lets a client resume with Last-Event-ID. */
export interface CaseChange {
  id: string;
  summary: CaseSummary;
}

const idOf = (s: CaseSummary) => `${Date.parse(s.updatedAt)}:${s.caseId}`;
const timeOf = (id: string) => Number(id.split(':')[0]) || 0;

/**
 * Watches Temporal visibility for cases whose CaseUpdatedAt moved, one poll for all subscribers of this API process.
 * Stateless across processes: any API instance can resume a client from its Last-Event-ID.
 */
export class ChangeFeed {
  private subscribers = new Set<(change: CaseChange) => void>();
  private seen = new Map<string, string>();
  private since = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Client,
    private readonly intervalMs = 1000,
  ) {}

  /** Changes after `lastEventId` (for a reconnecting client), oldest first. */
  async changesSince(lastEventId: string): Promise<CaseChange[]> {
    const after = timeOf(lastEventId);
    const found = await this.query(after);
    return found.map((s) => ({ id: idOf(s), summary: s })).filter((c) => c.id > lastEventId || timeOf(c.id) > after);
  }

  subscribe(fn: (change: CaseChange) => void): () => void {
    this.subscribers.add(fn);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.intervalMs).unref();
    return () => {
      this.subscribers.delete(fn);
      if (!this.subscribers.size) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    // Visibility is eventually consistent: look back a few seconds and drop what was already sent.
    const from = this.since - 5000;
    let found: CaseSummary[];
    try {
      found = await this.query(from);
    } catch {
      return; // Temporal unreachable: try again on the next tick.
    }
    for (const summary of found) {
      const id = idOf(summary);
      if (this.seen.get(summary.caseId) === id) continue;
      this.seen.set(summary.caseId, id);
      this.since = Math.max(this.since, Date.parse(summary.updatedAt));
      for (const fn of this.subscribers) fn({ id, summary });
    }
  }

  private async query(afterMs: number): Promise<CaseSummary[]> {
    const query = `WorkflowType = 'runProcedure' AND CaseUpdatedAt > '${new Date(afterMs).toISOString()}'`;
    const out: CaseSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(this.client, query, 100, cursor, Date.now());
      out.push(...page.cases);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < 1000);
    return out.sort((a, b) => idOf(a).localeCompare(idOf(b)));
  }
}
