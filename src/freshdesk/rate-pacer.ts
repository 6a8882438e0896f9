import type { Logger } from '../secrets/log.js';

export interface RateLimitSeen {
  readonly total: number;
  readonly remaining: number;
}

/**
 * Freshdesk's limit is per account per minute and shared with every other integration, so the
 * bot slows down before it is throttled: once fewer than a tenth of the calls (or 5) remain,
 * the rest of the minute's budget is spread out instead of spent at once.
 */
export class RatePacer {
  private seen: RateLimitSeen | undefined;

  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  observe(headers: Record<string, unknown>): void {
    const total = Number(headers['x-ratelimit-total']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (Number.isFinite(total) && Number.isFinite(remaining) && total > 0) this.seen = { total, remaining };
  }

  last(): RateLimitSeen | undefined {
    return this.seen;
  }

  async beforeCall(): Promise<void> {
    const seen = this.seen;
    if (!seen || seen.remaining >= Math.max(5, seen.total * 0.1)) return;
    const waitMs = Math.round(60_000 / (seen.remaining + 1));
    this.log?.warn('Freshdesk rate limit nearly used up; slowing down', {
      remaining: seen.remaining,
      total: seen.total,
      waitMs,
    });
    await this.sleep(waitMs);
  }
}
