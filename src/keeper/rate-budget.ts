import type { Clock } from '../runtime/clock.js';

/**
 * A sliding one-minute window of calls, used to stay under Xero's limits (60 calls a minute
 * per organisation, 10,000 a minute per app) before Xero has to say 429.
 */
export class RateBudget {
  private readonly spent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds to wait before `calls` more fit in the window (0 when they fit now). */
  waitFor(calls: number): number {
    const now = this.clock();
    while (this.spent.length && (this.spent[0] as number) <= now - 60_000) this.spent.shift();
    const over = this.spent.length + calls - this.perMinute;
    if (over <= 0) return 0;
    const freedAt = (this.spent[over - 1] ?? now) + 60_000;
    return Math.max(0, freedAt - now);
  }

  spend(calls: number): void {
    const now = this.clock();
    for (let i = 0; i < calls; i++) this.spent.push(now);
  }
}
