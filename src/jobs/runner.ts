import { XerofixError } from '../errors/xerofix-error.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Job, JobRepository } from '../store/jobs.js';
import { type Backoff, exponentialBackoff } from './backoff.js';
import { type JobContext, type JobHandler, payloadProblems } from './handler.js';

// Where surfaces have always imported them from.
export type { JobContext, JobHandler } from './handler.js';

export type JobLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface JobRunnerOptions {
  readonly jobs: JobRepository;
  /** Unique per process; the lease is held in this name. */
  readonly owner: string;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly log: JobLog;
  readonly clock?: Clock;
  /** How long a claim lasts without renewal; a crashed runner's jobs come back after this. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly concurrency?: number;
  /** Attempts, counting the first, before a failing job is given up as dead. */
  readonly maxAttempts?: number;
  readonly backoff?: Backoff;
}

/** Thrown into a handler by saveProgress when another runner has taken the job over. */
export class LeaseLostError extends XerofixError {
  override readonly name = 'LeaseLostError';
  constructor(jobId: string) {
    // Not ours to retry: the runner that took the job over does it.
    super(`lease on job ${jobId} was lost to another runner`, {
      code: 'jobs.lease-lost',
      retryable: false,
      context: { job: jobId },
    });
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs queued jobs from the shared store: claims due ones, runs their handlers a few at a
 * time, and records each outcome. Logs name the job by id, kind and attempt only; payloads
 * and progress may hold customer text and never reach the log.
 */
export class JobRunner {
  private readonly jobs: JobRepository;
  private readonly owner: string;
  private readonly handlers: Readonly<Record<string, JobHandler>>;
  private readonly log: JobLog;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoff: Backoff;

  private readonly claiming = new Set<Promise<unknown>>();
  private readonly running = new Set<Promise<void>>();
  /** Slots promised to claims still in progress, so parallel claims never exceed concurrency. */
  private reserved = 0;
  private polling = false;
  private stopping = false;
  private polled: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wokenDuringPoll = false;

  constructor(options: JobRunnerOptions) {
    this.jobs = options.jobs;
    this.owner = options.owner;
    this.handlers = options.handlers;
    this.log = options.log;
    this.clock = options.clock ?? systemClock;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = options.concurrency ?? 4;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoff = options.backoff ?? exponentialBackoff();
  }

  /** Polls for due jobs every pollMs until stopped. Never throws; failures are logged. */
  start(): void {
    if (this.polling || this.stopping) return;
    this.polling = true;
    this.poll();
  }

  /** Polls now rather than at the next tick: new work was just enqueued. */
  wake(): void {
    if (!this.polling) return;
    if (this.polled) {
      this.wokenDuringPoll = true;
      return;
    }
    clearTimeout(this.timer);
    this.poll();
  }

  /** Claims one batch, runs it, and resolves with how many jobs it ran once they have all finished. */
  async runOnce(): Promise<number> {
    const started = await this.claimAndStart();
    await Promise.all(started);
    return started.length;
  }

  /**
   * Graceful shutdown: no new claims, in-flight handlers run to the end and record their
   * outcome, and jobs claimed too late to start are handed back unharmed. A stopped runner
   * stays stopped.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.polling = false;
    clearTimeout(this.timer);
    // Claims first: one finishing now releases its jobs instead of starting them.
    await Promise.allSettled(this.claiming);
    await Promise.allSettled(this.running);
  }

  private poll(): void {
    this.timer = undefined;
    this.wokenDuringPoll = false;
    this.polled = this.claimAndStart()
      .then(
        (started) => {
          // A full batch suggests more is due: look again as soon as a slot frees up.
          if (started.length > 0 && this.reserved + this.running.size >= this.concurrency) {
            void Promise.race(started).then(() => this.wake());
          }
        },
        (err) => this.log.error('job poll failed', { error: messageOf(err) }),
      )
      .finally(() => {
        this.polled = undefined;
        if (!this.polling) return;
        this.timer = setTimeout(() => this.poll(), this.wokenDuringPoll ? 0 : this.pollMs);
      });
  }

  /** Claims what free slots allow and starts it; resolves with the started runs. */
  private async claimAndStart(): Promise<Promise<void>[]> {
    // Tracked whole, so stop() also waits for jobs claimed too late to be handed back.
    const claiming = this.claimFreeSlots();
    this.claiming.add(claiming);
    try {
      return await claiming;
    } finally {
      this.claiming.delete(claiming);
    }
  }

  private async claimFreeSlots(): Promise<Promise<void>[]> {
    const free = this.concurrency - this.running.size - this.reserved;
    if (this.stopping || free <= 0) return [];
    this.reserved += free;
    let claimed: Job[];
    try {
      claimed = await this.jobs.claimDue(this.owner, this.leaseMs, free);
    } finally {
      this.reserved -= free;
    }
    if (this.stopping) {
      await Promise.all(claimed.map((job) => this.giveBack(job)));
      return [];
    }
    return claimed.map((job) => {
      const run = this.run(job);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
      return run;
    });
  }

  private async giveBack(job: Job): Promise<void> {
    try {
      await this.jobs.release(job.id, this.owner);
      this.log.info('job released at shutdown', this.fields(job));
    } catch (err) {
      // Its lease will run out and another runner will take it; only the attempt is charged.
      this.log.warn('could not release job at shutdown', { ...this.fields(job), error: messageOf(err) });
    }
  }

  /** Runs one claimed job to a recorded outcome. Never rejects. */
  private async run(job: Job): Promise<void> {
    const handler = Object.hasOwn(this.handlers, job.kind) ? this.handlers[job.kind] : undefined;
    try {
      if (!handler) {
        const reason = `no handler is registered for job kind "${job.kind}"`;
        this.log.error('job buried', { ...this.fields(job), error: reason });
        await this.jobs.bury(job.id, this.owner, reason);
        return;
      }
      const parsed = handler.payload.safeParse(job.payload);
      if (!parsed.success) {
        // Every retry would read the same stored payload: fail it now, saying where it is wrong.
        const reason = `stored payload does not fit job kind "${job.kind}": ${payloadProblems(parsed.error)}`;
        this.log.error('job buried: malformed payload', { ...this.fields(job), error: reason });
        await this.jobs.bury(job.id, this.owner, reason);
        return;
      }
      const outcome = await this.attempt(job, handler, parsed.data);
      if (outcome.ok) {
        const recorded = await this.jobs.complete(job.id, this.owner);
        if (recorded) this.log.info('job done', this.fields(job));
        else this.log.warn('job finished after its lease was lost; not recorded', this.fields(job));
      } else {
        await this.recordFailure(job, outcome.error);
      }
    } catch (err) {
      // The store is unreachable: leave the job leased; it comes back when the lease expires.
      this.log.error('could not record job outcome', { ...this.fields(job), error: messageOf(err) });
    }
  }

  private async attempt(
    job: Job,
    handler: JobHandler,
    payload: unknown,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    const progress: Record<string, unknown> = { ...job.progress };
    const ctx: JobContext = {
      progress,
      saveProgress: async (patch) => {
        Object.assign(progress, patch);
        if (!(await this.jobs.saveProgress(job.id, this.owner, progress))) throw new LeaseLostError(job.id);
      },
    };
    // Renew well before expiry, so one slow renewal does not hand the job to another runner.
    const renewal = setInterval(() => void this.renewLease(job), Math.max(1, Math.floor(this.leaseMs / 3)));
    renewal.unref();
    try {
      await handler.run(payload, job, ctx);
      return { ok: true };
    } catch (error) {
      return { ok: false, error };
    } finally {
      clearInterval(renewal);
    }
  }

  private async renewLease(job: Job): Promise<void> {
    try {
      if (!(await this.jobs.extendLease(job.id, this.owner, this.leaseMs)))
        this.log.warn('job lease lost while running', this.fields(job));
    } catch (err) {
      this.log.warn('could not renew job lease', { ...this.fields(job), error: messageOf(err) });
    }
  }

  /**
   * Reads only the error base: a XerofixError that is not retryable is given up at once, any
   * other failure is retried until maxAttempts. An error that is not a XerofixError was
   * classified by nobody (a library's TypeError, a driver's hiccup, a bug); it is retried on the
   * backoff schedule as before the base existed, because most such failures pass (a socket reset
   * deep in a library), queued work must not be lost to them, and maxAttempts bounds what a real
   * bug costs: it ends as a dead job that keeps its message.
   */
  private async recordFailure(job: Job, err: unknown): Promise<void> {
    const classified = err instanceof XerofixError ? err : undefined;
    const fields = { ...this.fields(job), error: messageOf(err), code: classified?.code ?? 'unclassified' };
    if (err instanceof LeaseLostError) {
      this.log.warn('job stopped: another runner has taken it over', fields);
      return;
    }
    let recorded: boolean;
    if (classified && !classified.retryable) {
      this.log.error('job failed permanently', fields);
      recorded = await this.jobs.bury(job.id, this.owner, fields.error);
    } else if (job.attempts >= this.maxAttempts) {
      this.log.error('job gave up after its last attempt', fields);
      recorded = await this.jobs.bury(
        job.id,
        this.owner,
        `gave up after ${job.attempts} attempts: ${fields.error}`,
      );
    } else {
      const delayMs = this.retryDelay(job, classified);
      this.log.warn('job failed; will retry', { ...fields, retryInMs: delayMs });
      recorded = await this.jobs.retryLater(
        job.id,
        this.owner,
        fields.error,
        new Date(this.clock() + delayMs),
      );
    }
    if (!recorded) this.log.warn('job failed after its lease was lost; not recorded', this.fields(job));
  }

  /** The service's own Retry-After when it gave one, otherwise our backoff schedule. */
  private retryDelay(job: Job, err: XerofixError | undefined): number {
    const seconds = err?.retryAfterSeconds;
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    return this.backoff(job.attempts);
  }

  private fields(job: Job) {
    return { job: job.id, kind: job.kind, attempt: job.attempts };
  }
}
