import { createHash } from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';

/** What the counters need from the store (ThrottleCountRepository), so tests can hand in their own. */
export interface ThrottleCounts {
  hit(key: string, windowMs: number): Promise<{ hits: number; resetsAt: Date }>;
  unhit(key: string): Promise<void>;
  get(key: string): Promise<{ hits: number; resetsAt: Date } | undefined>;
  reset(key: string): Promise<void>;
  forgetLapsed(): Promise<number>;
}

/** Windows that ran out are swept at most this often, by whichever request comes along. */
const SWEEP_EVERY_MS = 60_000;

/**
 * express-rate-limit's store interface over counters in our database: every instance behind
 * the load balancer counts the same client against one limit, instead of each keeping its own
 * count in memory. Keys are hashed, so the table holds no client addresses.
 */
export class SharedThrottleStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private lastSweep = 0;

  constructor(
    private readonly counts: ThrottleCounts,
    /** Names the throttle, so two routes' counts for one client stay apart. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    this.sweep();
    const { hits, resetsAt } = await this.counts.hit(this.keyOf(key), this.windowMs);
    return { totalHits: hits, resetTime: resetsAt };
  }

  async decrement(key: string): Promise<void> {
    await this.counts.unhit(this.keyOf(key));
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = await this.counts.get(this.keyOf(key));
    return count && { totalHits: count.hits, resetTime: count.resetsAt };
  }

  async resetKey(key: string): Promise<void> {
    await this.counts.reset(this.keyOf(key));
  }

  private keyOf(client: string): string {
    return `${this.prefix}:${createHash('sha256').update(client).digest('base64url')}`;
  }

  private sweep(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    // Best effort: a failed sweep leaves rows that the next one (or a new window) takes care of.
    this.counts.forgetLapsed().catch(() => {});
  }
}
