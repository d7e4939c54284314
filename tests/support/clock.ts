import type { Clock } from '../../api/clock';

/** A clock a test moves by hand (api/clock.ts): now() stays put until advance(), which runs what fell due. */
export class ManualClock implements Clock {
  private timers: Array<{ time: number; fn: () => void; cancelled: boolean }> = [];

  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  at(time: number, fn: () => void): () => void {
    const timer = { time, fn, cancelled: false };
    this.timers.push(timer);
    this.fire();
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves the clock `ms` forward; what fell due runs after the current task, in time order. */
  advance(ms: number): void {
    this.current += ms;
    this.fire();
  }

  private fire(): void {
    const due = this.timers.filter((t) => t.time <= this.current).sort((a, b) => a.time - b.time);
    this.timers = this.timers.filter((t) => t.time > this.current);
    for (const timer of due) setImmediate(() => timer.cancelled || timer.fn());
  }
}
