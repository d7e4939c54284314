/**
 * The API's wall clock: what time it is, and a way to run something when that time comes. Sessions (token expiry) go
 * by it, so tests move it instead of sleeping; production uses {@link systemClock}.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once when now() reaches `time` (ms since the epoch), never synchronously; returns a cancel function. */
  at(time: number, fn: () => void): () => void;
}

// setTimeout holds at most 2^31-1 ms (~24.8 days); a later time is reached in steps.
const MAX_DELAY = 2 ** 31 - 1;

/** The process's own clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  at(time, fn) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const delay = time - Date.now();
      timer = setTimeout(delay > MAX_DELAY ? arm : fn, Math.min(Math.max(delay, 0), MAX_DELAY));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  },
};
