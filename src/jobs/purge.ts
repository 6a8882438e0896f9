import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { JobRepository } from '../store/jobs.js';
import type { LeaseRepository } from '../store/leases.js';

const DAY_MS = 86_400_000;

/**
 * How long finished jobs stay. A done job's row is what makes its dedupe key a no-op, so it
 * must outlive every way the same key can be delivered again:
 *  - Slack work, ticket-modal submissions: Slack retries within minutes, and the replay guard
 *    refuses a signed request older than five minutes;
 *  - health alerts: keyed by the event id, enqueued once and marked delivered right after;
 *  - Freshdesk answers: a ticket comes back (poller, webhook rule) whenever it is updated, for
 *    its whole life. No retention covers that, so the answer job itself skips a ticket that
 *    already carries its xerofix tag (freshdesk/answer-ticket.ts), which outlives the row.
 * Thirty days is far past every bounded window and leaves a month to look into what was done.
 * Dead jobs stay longer, for someone to read and perhaps revive; `keepDeadKinds` are never
 * purged when dead, for kinds whose dead job may have done part of its work with nothing
 * outside the store to say so (a Freshdesk reply posted before the tag failed).
 */
export interface JobRetention {
  readonly doneMs: number;
  readonly deadMs: number;
  readonly keepDeadKinds: readonly string[];
}

export const DEFAULT_JOB_RETENTION: Omit<JobRetention, 'keepDeadKinds'> = {
  doneMs: 30 * DAY_MS,
  deadMs: 90 * DAY_MS,
};

/** Rows per delete: each is a short write, so the queue's own writes are never held up long. */
const BATCH = 500;
/** A pass stops after this many batches; a backlog (the first pass on an old database) drains over a few passes. */
const MAX_BATCHES_PER_PASS = 40;
const HOUR_MS = 60 * 60_000;
const LEASE_NAME = 'jobs-purge';

export interface JobPurgeDeps {
  readonly jobs: Pick<JobRepository, 'purgeFinished'>;
  readonly leases: Pick<LeaseRepository, 'acquire' | 'release'>;
  /** This instance's owner name; with several instances, only the lease holder purges. */
  readonly owner: string;
  readonly clock: Clock;
  readonly log: Pick<Logger, 'info' | 'warn'>;
}

export interface JobPurgePass {
  /** False when another instance holds the purge lease. */
  readonly led: boolean;
  readonly done: number;
  readonly dead: number;
}

/**
 * Deletes finished jobs past their retention, in small batches, on one instance at a time (the
 * holder of the `jobs-purge` lease; a dead holder's lease lapses and another takes over).
 */
export class JobPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: JobPurgeDeps,
    private readonly retention: JobRetention,
    private readonly intervalMs = HOUR_MS,
  ) {}

  async runOnce(): Promise<JobPurgePass> {
    // Held across a whole pass and well past it, so two instances never purge at once.
    if (!(await this.deps.leases.acquire(LEASE_NAME, this.deps.owner, this.intervalMs * 2)))
      return { led: false, done: 0, dead: 0 };
    const now = this.deps.clock();
    const done = await this.drain({ state: 'done', before: new Date(now - this.retention.doneMs) });
    const dead = await this.drain({
      state: 'dead',
      before: new Date(now - this.retention.deadMs),
      exceptKinds: this.retention.keepDeadKinds,
    });
    if (done + dead > 0) this.deps.log.info('purged finished jobs past their retention', { done, dead });
    return { led: true, done, dead };
  }

  /** Runs a pass now and then every interval until stopped. Never throws. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) =>
          this.deps.log.warn('could not purge finished jobs', { error: (err as Error).message }),
        )
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.deps.leases.release(LEASE_NAME, this.deps.owner).catch(() => {});
  }

  private async drain(options: {
    state: 'done' | 'dead';
    before: Date;
    exceptKinds?: readonly string[];
  }): Promise<number> {
    let purged = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS && !this.stopped; batch++) {
      const n = await this.deps.jobs.purgeFinished({ ...options, limit: BATCH });
      purged += n;
      if (n < BATCH) break;
    }
    return purged;
  }
}
