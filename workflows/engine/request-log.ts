import { MAX_REQUEST_KEYS, REQUEST_KEY_TTL_MS, iso } from './case-records';
import type { RequestKey } from './contract';
import { StepRejected } from './errors';

/**
 * The idempotency keys a case applied recently, one of the case core's jobs: key → fingerprint and when applied
 * (epoch ms), in the order applied. Keys older than REQUEST_KEY_TTL_MS and the oldest beyond MAX_REQUEST_KEYS go.
 */
export class RequestLog {
  private readonly requests = new Map<string, { fingerprint: string; at: number }>();

  /** A log holding `saved` (`[key, fingerprint, at]`, oldest first), as PersistedCase carries it. */
  static load(saved: Array<[string, string, number]> = []): RequestLog {
    const log = new RequestLog();
    for (const [key, fingerprint, at] of saved) log.requests.set(key, { fingerprint, at });
    return log;
  }

  /**
   * Whether `request` was applied before: true for the same key with the same fingerprint (a retry: answer it, do
   * not apply it again), false for a key not seen (or no key). Throws StepRejected `IdempotencyKeyReused` when the key
   * was applied for a different request; `number` is the case's, for the message. Changes nothing.
   */
  isRepeat(request: RequestKey | undefined, number: string): boolean {
    if (!request) return false;
    const seen = this.requests.get(request.key);
    if (!seen) return false;
    if (seen.fingerprint === request.fingerprint) return true;
    throw new StepRejected(
      'IdempotencyKeyReused',
      `case ${number}: this idempotency key was already used for a different request at ${iso(seen.at)}; ` +
        'nothing was done (use a new key for a new request)',
      { appliedAt: iso(seen.at) },
    );
  }

  /** Keeps an applied request's key, forgetting keys older than a day and the oldest beyond the cap. */
  remember(request: RequestKey | undefined, now: number): void {
    if (!request) return;
    this.requests.set(request.key, { fingerprint: request.fingerprint, at: now });
    for (const [key, r] of this.requests) {
      if (r.at >= now - REQUEST_KEY_TTL_MS && this.requests.size <= MAX_REQUEST_KEYS) break;
      this.requests.delete(key);
    }
  }

  /** The keys as PersistedCase carries them; undefined when there are none (a case without keys persists as before). */
  persist(): Array<[string, string, number]> | undefined {
    if (!this.requests.size) return undefined;
    return [...this.requests].map(([key, r]): [string, string, number] => [key, r.fingerprint, r.at]);
  }
}
