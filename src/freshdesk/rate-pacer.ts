import type { Logger } from '../runtime/logger.js';

export interface RateLimitSeen {
  readonly total: number;
  readonly remaining: number;
}

/** Freshdesk's budget is per account and per minute. */
const WINDOW_MS = 60_000;

/**
 * Keeps one process's Freshdesk calls inside the account's per-minute budget, which every
 * other integration on the account shares. Two sources of waiting, never added together:
 *
 * - After a 429 the server's Retry-After is the only word that counts. Every call waits until
 *   then (the whole account is throttled, so an unrelated call would only earn a 429 of its
 *   own) and not a moment longer; then calls flow at once. The 429's own X-RateLimit-* headers
 *   are ignored: "0 remaining" there says nothing about the budget after the wait.
 * - On successful answers, once fewer than a tenth of the calls (or 5) remain, the rest of the
 *   budget is spread over the rest of the minute instead of spent at once. The minute is
 *   reckoned from the first call seen in it, so a wait never runs past the reset.
 */
export class RatePacer {
  private seen: RateLimitSeen | undefined;
  /** When the current minute window began, as early as we can tell; undefined if unknown. */
  private windowStart: number | undefined;
  /** Until when the server told us to hold off (its last Retry-After). */
  private resumeAt = 0;

  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  /** Headers of an answer other than 429; `sentAt` is when its request went out. */
  observe(headers: Record<string, unknown>, sentAt: number): void {
    const total = Number(headers['x-ratelimit-total']);
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (!Number.isFinite(total) || !Number.isFinite(remaining) || total <= 0) return;
    // More left than before, or our minute is over: a new window has begun, no later than
    // this request. (Answers overtaking each other only make the guess later, never earlier.)
    const newWindow =
      this.seen === undefined ||
      this.windowStart === undefined ||
      remaining > this.seen.remaining ||
      sentAt - this.windowStart >= WINDOW_MS;
    if (newWindow) this.windowStart = sentAt;
    this.seen = { total, remaining };
  }

  /** A 429: hold every call until the server's Retry-After has passed, and no longer. */
  throttled(retryAfterMs: number): void {
    this.resumeAt = this.now() + retryAfterMs;
    // The budget after the wait is unknown until the next answer says so.
    this.seen = undefined;
    this.windowStart = undefined;
  }

  /** How much longer the server's last Retry-After holds calls back; 0 when it does not. */
  heldForMs(): number {
    return Math.max(0, this.resumeAt - this.now());
  }

  /** What is left of the current minute window, when the pacer can tell. */
  windowLeftMs(): number | undefined {
    if (this.windowStart === undefined) return undefined;
    const left = this.windowStart + WINDOW_MS - this.now();
    return left > 0 ? left : undefined;
  }

  last(): RateLimitSeen | undefined {
    return this.seen;
  }

  async beforeCall(): Promise<void> {
    const held = this.heldForMs();
    if (held > 0) {
      await this.sleep(held);
      return;
    }
    const seen = this.seen;
    if (!seen || seen.remaining >= Math.max(5, seen.total * 0.1)) return;
    const left = this.windowLeftMs();
    // The minute we reckoned with is over, so the budget is back: nothing to spread.
    if (left === undefined) return;
    const waitMs = Math.ceil(left / (seen.remaining + 1));
    this.log?.warn('Freshdesk rate limit nearly used up; slowing down', {
      remaining: seen.remaining,
      total: seen.total,
      waitMs,
    });
    await this.sleep(waitMs);
  }
}
