import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import fc from 'fast-check';
import { temporalCaseIndex } from '../cases/case-index';
import type { CaseSummary } from '../cases/visibility';
import { caseSearchAttributes as sa } from '../../workflows/engine/search-attributes';
import { ChangeFeed, parseEventId, type CaseChange, type Subscription } from './change-feed';

// Cursors of visibility pages are sealed with the API's key.
process.env.JWT_SECRET ??= 'change-feed-test-secret-0123456789';

/**
 * Temporal visibility as the feed sees it through the client's ListWorkflowExecutions: each case's latest summary,
 * shown `lag` ms after the change (never more than the feed's settle time), paged, in no order the feed may rely on.
 * Every answer waits for fast-check's scheduler, which picks the order in which concurrent reads come back.
 */
class Visibility {
  private readonly versions = new Map<string, Array<{ summary: CaseSummary; visibleAt: number }>>();

  constructor(
    private readonly clock: { now: number },
    private readonly scheduler: fc.Scheduler,
  ) {}

  change(caseId: string, version: number, lag: number): void {
    const summary: CaseSummary = {
      caseId,
      number: caseId,
      procedure: 'perimeter-alarm',
      site: 'xinghe-mall',
      state: `v${version}`,
      status: 'open',
      drill: false,
      nextDueAt: null,
      overdue: false,
      escalationLevel: 0,
      escalatedTo: [],
      escalatedToUsers: [],
      awaitingRoles: [],
      updatedAt: new Date(this.clock.now).toISOString(),
    };
    const list = this.versions.get(caseId) ?? [];
    list.push({ summary, visibleAt: this.clock.now + lag });
    this.versions.set(caseId, list);
  }

  /** What a read at this moment finds: per case, the newest version already visible. */
  private visibleNow(): CaseSummary[] {
    const out: CaseSummary[] = [];
    for (const list of this.versions.values()) {
      const shown = list.filter((v) => v.visibleAt <= this.clock.now).at(-1);
      if (shown) out.push(shown.summary);
    }
    return out.reverse(); // newest case first, as visibility lists by start time
  }

  readonly client = {
    options: { namespace: 'default' },
    workflowService: {
      listWorkflowExecutions: async (req: { query: string; pageSize: number; nextPageToken?: Uint8Array }) => {
        await this.scheduler.schedule(Promise.resolve(), 'visibility read');
        const bounds = [...req.query.matchAll(/CaseUpdatedAt (>=|>|<=|<) '([^']+)'/g)].map(
          ([, op, iso]) => [op, Date.parse(iso!)] as const,
        );
        const matches = this.visibleNow().filter((s) =>
          bounds.every(([op, at]) => {
            const t = Date.parse(s.updatedAt);
            return op === '>=' ? t >= at : op === '>' ? t > at : op === '<=' ? t <= at : t < at;
          }),
        );
        const offset = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) : 0;
        const page = matches.slice(offset, offset + req.pageSize);
        const next = offset + req.pageSize < matches.length ? Buffer.from(String(offset + req.pageSize)) : undefined;
        return {
          executions: page.map((s) => ({
            execution: { workflowId: s.caseId },
            searchAttributes: {
              indexedFields: {
                [sa.number.name]: defaultPayloadConverter.toPayload(s.number),
                [sa.procedure.name]: defaultPayloadConverter.toPayload(s.procedure),
                [sa.site.name]: defaultPayloadConverter.toPayload(s.site),
                [sa.state.name]: defaultPayloadConverter.toPayload(s.state),
                [sa.status.name]: defaultPayloadConverter.toPayload(s.status),
                [sa.updatedAt.name]: defaultPayloadConverter.toPayload(s.updatedAt),
              },
            },
          })),
          nextPageToken: next,
        };
      },
    },
  } as unknown as Client;
}

const SETTLE_MS = 40;
// Case ids whose order by code units differs from a locale's order (upper and lower case, digits, hyphens).
const CASE_IDS = ['perimeter-alarm-x-01B', 'perimeter-alarm-x-01a', 'complaint-x-Z9', 'perimeter-alarm-x-0'];
// A case the client may not see: it must never reach the client, and must not stop the others.
const HIDDEN = 'complaint-x-Z9';

type Step =
  | { kind: 'change'; caseIndex: number; afterMs: number; lagMs: number }
  | { kind: 'tick'; afterMs: number }
  | { kind: 'answer' }
  | { kind: 'drop' }
  | { kind: 'expire' }
  | { kind: 'connect' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('change' as const),
      caseIndex: fc.nat({ max: CASE_IDS.length - 1 }),
      afterMs: fc.oneof(fc.constant(0), fc.nat({ max: 30 })),
      lagMs: fc.oneof(fc.constant(0), fc.constant(SETTLE_MS - 1), fc.nat({ max: SETTLE_MS - 1 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), afterMs: fc.nat({ max: 60 }) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'answer' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'connect' as const }) },
);

const order = (id: string) => {
  const p = parseEventId(id)!;
  return [p.at, p.caseId] as const;
};
const before = (a: string, b: string) => {
  const [x, y] = [order(a), order(b)];
  return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
};

describe('ChangeFeed: resuming with Last-Event-ID', () => {
  it('never skips or repeats a change, whatever the timing of changes, reads and disconnects', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(step, { maxLength: 60 }), async (scheduler, steps) => {
        const clock = { now: Date.parse('2026-11-30T23:59:59.950Z') };
        const visibility = new Visibility(clock, scheduler);
        const feed = new ChangeFeed(temporalCaseIndex(visibility.client), {
          intervalMs: 1e9,
          settleMs: SETTLE_MS,
          now: () => clock.now,
        });
        const versions = new Map<string, number>();
        const received: CaseChange[] = [];
        let lastEventId: string | undefined;
        let connection: { closed: boolean; subscription?: Subscription } | undefined;
        const openConnections: Array<{ closed: boolean; subscription?: Subscription }> = [];

        const connect = () => {
          if (connection) return;
          const conn: { closed: boolean; subscription?: Subscription } = { closed: false };
          connection = conn;
          openConnections.push(conn);
          void feed.subscribe({ after: lastEventId, accept: (s) => s.caseId !== HIDDEN }).then((subscription) => {
            if (conn.closed) return subscription.close();
            conn.subscription = subscription;
            // The stream opens with a `ready` message naming its place, so a client that drops before any change
            // resumes from there.
            lastEventId = subscription.position();
            subscription.start((change) => {
              received.push(change);
              lastEventId = change.id;
            });
          });
        };
        const disconnect = (expired: boolean) => {
          if (!connection) return;
          // A stream that ends at the token's expiry names its place last (the auth-expired message's id).
          if (expired && connection.subscription) lastEventId = connection.subscription.position();
          connection.closed = true;
          connection.subscription?.close();
          connection = undefined;
        };
        // Lets every read that was answered finish what it does with the answer.
        const idle = () => new Promise((resolve) => setImmediate(resolve));
        const answerOne = async () => {
          if (scheduler.count() > 0) await scheduler.waitOne();
          await idle();
        };
        const settle = async () => {
          await idle();
          while (scheduler.count() > 0) await answerOne();
        };

        connect();
        await settle();
        for (const s of steps) {
          if (s.kind === 'change') {
            clock.now += s.afterMs;
            const id = CASE_IDS[s.caseIndex]!;
            const version = (versions.get(id) ?? 0) + 1;
            versions.set(id, version);
            visibility.change(id, version, s.lagMs);
          } else if (s.kind === 'tick') {
            clock.now += s.afterMs;
            void feed.poll();
          } else if (s.kind === 'answer') await answerOne();
          else if (s.kind === 'connect') connect();
          else disconnect(s.kind === 'expire');
        }
        // In the end the client is connected and every change has settled.
        connect();
        await settle();
        clock.now += SETTLE_MS + 1;
        for (let i = 0; i < 2; i++) {
          void feed.poll();
          await settle();
        }
        for (const conn of openConnections) conn.subscription?.close();

        // Nothing repeated, nothing out of order: each id after the one before.
        const outOfOrder = received.filter((c, i) => i > 0 && !before(received[i - 1]!.id, c.id)).map((c) => c.id);
        expect({ outOfOrder, received: received.map((c) => c.id) }).toEqual({
          outOfOrder: [],
          received: expect.anything(),
        });
        // Nothing skipped: every case the client may see reached it as it is now (earlier versions of a case that
        // changed again may be folded into the newer one); the hidden case never did.
        const latest = new Map(received.map((c) => [c.summary.caseId, c.summary.state]));
        const expected = new Map(
          [...versions].filter(([id]) => id !== HIDDEN).map(([id, version]) => [id, `v${version}`]),
        );
        expect(latest).toEqual(expected);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('refuses an event id it never hands out, before reading anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (scheduler) => {
        const feed = new ChangeFeed(temporalCaseIndex(new Visibility({ now: 0 }, scheduler).client), {
          intervalMs: 1e9,
        });
        for (const id of ['', 'abc', '1:2:3', `${'9'.repeat(16)}:x`, '12:a b'])
          await expect(feed.subscribe({ after: id, accept: () => true })).rejects.toThrow('not an event id');
        expect(scheduler.count()).toBe(0);
        feed.stop();
      }),
      { numRuns: 1 },
    );
  });
});
