import type { CaseIndex } from '../cases/case-index';
import type { CaseSummary } from '../cases/visibility';

/** A case change as the stream sends it; the id orders changes and lets a client resume with Last-Event-ID. */
export interface CaseChange {
  id: string;
  summary: CaseSummary;
  /**
   * Shown by visibility only after later changes had been sent (it took longer than settleMs): sent to live clients
   * without an id, so that their resume point stays where it was. A client resuming from before it gets it anyway.
   */
  late?: boolean;
}

/**
 * A place in the stream's order: changes sort by their case's updatedAt (ms), then by case id (code units). A change
 * sits at (updatedAt, caseId); a mark (t, '') sits before every change updated at t or later.
 */
interface Position {
  at: number;
  caseId: string;
}

const compare = (a: Position, b: Position) => a.at - b.at || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
const idOf = (p: Position) => `${p.at}:${p.caseId}`;
const positionOf = (summary: CaseSummary): Position => ({ at: Date.parse(summary.updatedAt), caseId: summary.caseId });

/** An event id the stream hands out: `<updatedAt ms>:<case id>`, or `<ms>:` for a place between changes. */
export const EVENT_ID_PATTERN = /^(\d{1,15}):([\w.-]{0,200})$/;

/** The place an event id names, or null when it is not one the stream hands out. */
export function parseEventId(id: string): Position | null {
  const match = EVENT_ID_PATTERN.exec(id);
  return match ? { at: Number(match[1]), caseId: match[2]! } : null;
}

/** A client's view of the feed, from {@link ChangeFeed.subscribe}. */
export interface Subscription {
  /** Starts sending: first what the client missed, then live changes; each change once, in the stream's order. */
  start(send: (change: CaseChange) => void): void;
  /** The event id to resume from after what was sent so far: nothing sent is repeated, nothing later is skipped. */
  position(): string;
  /** Stops sending. */
  close(): void;
}

type Item = CaseChange | Position;

/** One client: sends each change after its place once, in order; holds them back until started. */
class Subscriber {
  private held: Item[] | null = [];
  private send: (change: CaseChange) => void = () => {};

  constructor(
    public last: Position,
    private readonly accept: (summary: CaseSummary) => boolean,
  ) {}

  /** Items come in the stream's order; a live one after every missed one (see ChangeFeed.subscribe). */
  offer(item: Item, first = false): void {
    if (!this.held) return this.deliver(item);
    if (first) this.held.unshift(item);
    else this.held.push(item);
  }

  start(send: (change: CaseChange) => void): void {
    this.send = send;
    const held = this.held ?? [];
    this.held = null;
    for (const item of held) this.deliver(item);
  }

  private deliver(item: Item): void {
    if ('summary' in item && item.late) {
      if (this.accept(item.summary)) this.send(item);
      return;
    }
    const at = 'summary' in item ? positionOf(item.summary) : item;
    if (compare(at, this.last) <= 0) return;
    this.last = at;
    if ('summary' in item && this.accept(item.summary)) this.send(item);
  }
}

// How far back each poll reads for changes that visibility showed late.
const LOOK_BACK_MS = 10_000;

export interface ChangeFeedOptions {
  /** How often visibility is polled for changes (ms). */
  intervalMs?: number;
  /**
   * How long after a case's updatedAt its change is sent (ms): longer than Temporal visibility takes to show a change
   * plus any clock difference between Temporal and this process. Every change updated before now − settleMs is
   * visible, so the feed sends them in one order that every API process and every resume agrees on.
   */
  settleMs?: number;
  /** The wall clock (ms since the epoch); case updatedAt values come from Temporal's clock. */
  now?: () => number;
}

/** Where the feed reads changes: every case whose updatedAt (epoch ms) is after `after` (see CaseIndex). */
export type ChangeSource = Pick<CaseIndex, 'changedSince'>;

/**
 * Case changes from Temporal visibility (each case's CaseUpdatedAt), one poll for all subscribers of this API process.
 *
 * Visibility keeps each case's latest summary and shows a change some time after it happened, not in the order
 * changes happened. So the feed sends a change only once it has settled (see settleMs), in (updatedAt, caseId)
 * order, and an event id is a place in that order: resuming from it (here or at any other API process) sends every
 * case whose latest change lies after it, once, and nothing before it. A case that changed several times while a
 * client was away is sent once, with its latest summary.
 */
export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private readonly intervalMs: number;
  private readonly settleMs: number;
  private readonly now: () => number;
  /** Every settled change before this place has been offered to the subscribers. */
  private cursor: Position | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Bumped when polling stops, so that a poll still in flight offers nothing afterwards. */
  private generation = 0;
  /** The place of each case's change last offered, for changes within the look-back (see poll). */
  private offered = new Map<string, Position>();
  /** Where polling started: changes before it were never live here (a resuming client reads them). */
  private startMark: Position | undefined;

  constructor(
    private readonly source: ChangeSource,
    { intervalMs = 1000, settleMs = 2000, now = Date.now }: ChangeFeedOptions = {},
  ) {
    this.intervalMs = intervalMs;
    this.settleMs = settleMs;
    this.now = now;
  }

  /**
   * Subscribes a client that has seen everything up to event id `after` (or, without one, that starts now); `accept`
   * says which changes it may see. Resolves once what it missed is read; throws when visibility cannot be read.
   */
  async subscribe({
    after,
    accept,
  }: {
    after?: string;
    accept: (summary: CaseSummary) => boolean;
  }): Promise<Subscription> {
    const from = after === undefined ? undefined : parseEventId(after);
    if (from === null) throw new Error(`not an event id of this stream: ${after}`);
    const upTo = this.startPolling();
    const subscriber = new Subscriber(from ?? upTo, accept);
    // Added before reading what was missed: every change a poll offers from now on lies after upTo.
    this.subscribers.add(subscriber);
    const close = () => {
      this.subscribers.delete(subscriber);
      if (!this.subscribers.size) this.stop();
    };
    try {
      if (from && compare(from, upTo) < 0) {
        const missed = await this.changesBetween(from, upTo);
        for (const change of missed.reverse()) subscriber.offer(change, true);
      }
    } catch (err) {
      close();
      throw err;
    }
    return {
      start: (send) => subscriber.start(send),
      position: () => idOf(subscriber.last),
      close,
    };
  }

  /** Reads visibility once and offers every change settled since the last poll. The interval calls it. */
  async poll(): Promise<void> {
    if (this.polling || !this.cursor) return;
    this.polling = true;
    const generation = this.generation;
    try {
      const from = this.cursor;
      const upTo = this.settledMark();
      if (compare(upTo, from) <= 0) return;
      // Looks back too: a change that visibility showed later than settleMs after it happened is still sent live.
      const lookBack = { at: from.at - LOOK_BACK_MS, caseId: '' };
      const found = await this.changesBetween(lookBack, upTo);
      if (generation !== this.generation) return;
      for (const change of found) {
        const at = positionOf(change.summary);
        const before = this.offered.get(change.summary.caseId);
        if ((before && compare(at, before) <= 0) || (this.startMark && compare(at, this.startMark) < 0)) continue;
        this.offered.set(change.summary.caseId, at);
        const late = compare(at, from) <= 0;
        if (late) console.warn(`stream: ${change.id} became visible more than settleMs after it happened; sent late`);
        for (const subscriber of this.subscribers) subscriber.offer(late ? { ...change, late } : change);
      }
      for (const [caseId, at] of this.offered) if (at.at < lookBack.at) this.offered.delete(caseId);
      for (const subscriber of this.subscribers) subscriber.offer(upTo);
      this.cursor = upTo;
    } catch {
      // Temporal unreachable: the next tick reads the same span again.
    } finally {
      this.polling = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.cursor = undefined;
    this.offered.clear();
    this.generation += 1;
  }

  /** The place before every change not yet settled. */
  private settledMark(): Position {
    return { at: this.now() - this.settleMs + 1, caseId: '' };
  }

  /** Starts polling if it is not running; the place up to which changes have been offered. */
  private startPolling(): Position {
    if (!this.cursor) {
      this.cursor = this.startMark = this.settledMark();
      this.timer = setInterval(() => void this.poll(), this.intervalMs).unref();
    }
    return this.cursor;
  }

  /** Changes after `from` and before `upTo`, in the stream's order; every page is read. */
  private async changesBetween(from: Position, upTo: Position): Promise<CaseChange[]> {
    // The source may give more (visibility is read from a second early); the places decide.
    const changes: Array<CaseChange & { at: Position }> = [];
    for (const summary of await this.source.changedSince(from.at, this.now())) {
      const at = positionOf(summary);
      if (Number.isFinite(at.at) && compare(at, from) > 0 && compare(at, upTo) < 0)
        changes.push({ id: idOf(at), summary, at });
    }
    return changes.sort((a, b) => compare(a.at, b.at)).map(({ id, summary }) => ({ id, summary }));
  }
}
