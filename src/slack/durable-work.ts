import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { XerofixError } from '../errors/xerofix-error.js';
import { GroupedEnqueue } from '../jobs/grouped-enqueue.js';
import { defineJob, type JobHandler } from '../jobs/handler.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { SlackMessage } from './message.js';
import type { AnswerTarget } from './response-url.js';

// Work a Slack request asks for (diagnose, store, answer through response_url) is written to
// the store as a job BEFORE the request is acknowledged, then done at once by the live process
// through the after-ack queue. Requests arriving together share a job (one store write for
// the lot, see jobs/grouped-enqueue.ts). The job is due only a lease later: if the live
// process died first, whichever process's job runner claims it then does the work still
// undone. A runner takes a lease on a request's work before doing it, and so does the live
// path once a runner could be at it; both leave a "done" mark after. So the two never both
// answer.

export const SLACK_WORK_JOB = 'slack-after-ack';
/** Slack takes answers through a response_url for 30 minutes after the request. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
/** Longer than a job can still be resumed (the URL's lifetime), so the mark outlives the question. */
const DONE_MARK_MS = 2 * RESPONSE_URL_LIFETIME_MS;
/**
 * The done mark is a lease nobody holds: no process name in it, so start-up's clean-up of
 * leases left by dead processes (jobs/owner.ts) never mistakes it for one and drops it.
 */
const DONE_MARK_OWNER = 'slack-work-done';
/** Failures that no retry can cure: the work names a task, or holds an input, this version does not know. */
const UNDOABLE = new Set(['slack.unknown-work', 'slack.work-input-invalid']);
const FORGET_EVERY_MS = 60_000;
/** Requests one job carries at most: a burst of commands is stored in a few writes, not thousands. */
const MAX_GROUP = 100;
/** Requests this process has accepted lately, to spot the same one delivered again. */
const RECENT_KEYS = 10_000;

/** A reply through the response_url: private unless it says `in_channel` (Share). */
export type AnswerMessage = SlackMessage & { readonly response_type?: 'ephemeral' | 'in_channel' };
/** Answers the person who asked. Work that posts elsewhere as well gets the Slack client. */
export type Answer = (message: AnswerMessage) => Promise<void>;
export type WorkExecutor<I> = (input: I, answer: Answer, slack: webApi.WebClient) => Promise<void>;

/** What the job holds per request: enough for any process to do the work. May hold a paste, so never logged. */
const storedWorkSchema = z
  .object({
    /** The request's own key: its claim and its done mark are named after it. */
    key: z.string().min(1),
    task: z.string().min(1),
    /** Each task's own input; its executor knows the shape. */
    input: z.unknown(),
    target: z.object({ responseUrl: z.string().min(1), channel: z.string(), user: z.string() }),
    receivedAt: z.number(),
  })
  .readonly();
type StoredWork = z.infer<typeof storedWorkSchema>;

/** One job carries a group of requests accepted together (jobs/grouped-enqueue.ts). */
export const slackWorkPayloadSchema = z.object({ items: z.array(storedWorkSchema) });

/** A request's work, accepted before the ack and run after it. */
export interface Accepted {
  readonly key: string;
  readonly work: StoredWork;
  /** False when the store could not take it: the work runs in this process only. */
  readonly stored: boolean;
  /** When a job runner may take the work up (ms since the epoch). */
  readonly dueAt: number;
  /**
   * The same request again (same trigger and response_url) in this process: its first
   * delivery does the work. (A replay to another instance is dropped by the replay guard.)
   */
  readonly duplicate: boolean;
}

export interface DurableWorkDeps {
  readonly store: Pick<Store, 'jobs' | 'leases'>;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  readonly clock: Clock;
  /** A claim on one piece of work lasts this long unless renewed; a dead process's work waits this long. */
  readonly leaseMs: number;
  /** The app's Web API client; made after this, so asked for when work runs. */
  readonly client: () => webApi.WebClient;
  /** Delivers an answer (response_url, with its fallbacks). */
  readonly deliver: (target: AnswerTarget, message: AnswerMessage) => Promise<void>;
}

type Outcome = 'done' | 'already-done' | 'busy';

export class DurableWork {
  private readonly executors = new Map<string, { schema: z.ZodType; executor: WorkExecutor<never> }>();
  private readonly processName = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private runs = 0;
  private lastForget = 0;
  private readonly recent = new Set<string>();
  /**
   * The same keys in a ring, oldest at `recentNext`, to know which to forget. Taking the oldest
   * from the Set itself (its first value) walks past every key deleted since V8 last compacted
   * it: 23 µs per request instead of under one.
   */
  private readonly recentOrder: (string | undefined)[] = new Array(RECENT_KEYS);
  private recentNext = 0;
  private readonly group: GroupedEnqueue<StoredWork>;

  constructor(private readonly deps: DurableWorkDeps) {
    this.group = new GroupedEnqueue<StoredWork>({
      jobs: deps.store.jobs,
      kind: SLACK_WORK_JOB,
      maxGroup: MAX_GROUP,
      runAfter: (works) => new Date(Math.min(...works.map((w) => w.receivedAt)) + deps.leaseMs),
    });
  }

  /**
   * Names a kind of work, the shape of its input and how to do it; every process registers the
   * same kinds at start. The input is checked when the work is accepted and again when it runs,
   * since a stored job may have been written by another version of xerofix.
   */
  define<I>(task: string, input: z.ZodType<I>, executor: WorkExecutor<I>): void {
    this.executors.set(task, { schema: input, executor: executor as WorkExecutor<never> });
  }

  /**
   * Stores the work; call before the ack. A store that cannot take it does not hold the
   * request up: the work is then done in memory only, as it was before it could be stored.
   */
  async accept(
    task: string,
    input: unknown,
    target: AnswerTarget,
    triggerId: string | undefined,
  ): Promise<Accepted> {
    const key = workKey(triggerId, target.responseUrl);
    // A shape this process cannot do is a bug here, not a Slack hiccup: refused before the ack.
    this.checkedInput(task, input);
    const work: StoredWork = { key, task, input, target, receivedAt: this.deps.clock() };
    if (this.recent.has(key)) return { key, work, stored: true, dueAt: 0, duplicate: true };
    this.remember(key);
    try {
      const dueAt = await this.group.add(work);
      return { key, work, stored: true, dueAt: dueAt.getTime(), duplicate: false };
    } catch (err) {
      this.deps.log.warn(
        'could not store Slack work before acknowledging it; it will not survive a restart',
        {
          task,
          error: (err as Error).message,
        },
      );
      return { key, work, stored: false, dueAt: 0, duplicate: false };
    }
  }

  /** The live path: runs in the after-ack queue right after the acknowledgement. */
  async runNow(accepted: Accepted): Promise<void> {
    if (accepted.duplicate) return;
    if (!accepted.stored) return void (await this.execute(accepted.work, async () => true));
    // No runner can take the job before it is due, a lease after the request. Until half a
    // lease before that (room for clocks that disagree) the live path needs no claim, only the
    // done mark after: one store write instead of four on the path every command takes. Work
    // still going at that point takes the claim then, so a runner finds it held.
    await this.run(accepted.key, accepted.work, accepted.dueAt - this.deps.leaseMs / 2);
  }

  /**
   * The resumed path: a job runner found the group still queued once its live process should
   * have finished it, and does each request's work that has no done mark. A request another
   * process is still answering makes the job come back a lease later; the others are done.
   */
  readonly handler: JobHandler = defineJob(slackWorkPayloadSchema, async ({ items }) => {
    let busy = 0;
    for (const work of items) {
      const age = this.deps.clock() - work.receivedAt;
      if (age >= RESPONSE_URL_LIFETIME_MS) {
        this.deps.log.warn('gave up on Slack work: its response_url expired before it could be answered', {
          task: work.task,
          ageSeconds: Math.round(age / 1000),
        });
        continue;
      }
      // The usual case by far: the live process answered long ago. One read, no claim.
      if (await this.deps.store.leases.holder(doneName(work.key))) continue;
      try {
        if ((await this.run(work.key, work, Number.NEGATIVE_INFINITY)) === 'busy') busy += 1;
      } catch (err) {
        // Work this version cannot do at all is given up alone: the requests stored beside it
        // in the same job are still answered. Anything else fails the job, to be tried again.
        if (!(err instanceof XerofixError) || !UNDOABLE.has(err.code)) throw err;
        this.deps.log.warn('gave up on Slack work this version cannot do', {
          task: work.task,
          error: err.message,
        });
      }
    }
    if (busy > 0) {
      throw new XerofixError(`another process is still answering ${busy} of these Slack requests`, {
        code: 'slack.work-busy',
        // Back once that process's claim would have lapsed, should it have died meanwhile.
        retryable: true,
        retryAfterSeconds: Math.ceil(this.deps.leaseMs / 1000),
        context: { busy },
      });
    }
  });

  private remember(key: string): void {
    const oldest = this.recentOrder[this.recentNext];
    if (oldest !== undefined) this.recent.delete(oldest);
    this.recentOrder[this.recentNext] = key;
    this.recentNext = (this.recentNext + 1) % RECENT_KEYS;
    this.recent.add(key);
  }

  /**
   * Does the work and marks it done. From `uncontestedUntil` on, it first takes the claim on
   * the work and checks the mark, and stops if someone else holds the one or left the other.
   */
  private async run(key: string, work: StoredWork, uncontestedUntil: number): Promise<Outcome> {
    const { leases } = this.deps.store;
    // Unique per run: the live path and this process's own runner must exclude each other too.
    const claim = new Claim(
      leases,
      runningName(key),
      `${this.processName}:${++this.runs}`,
      this.deps.leaseMs,
    );
    let stopped: Outcome | undefined;
    let markChecked = false;
    const mayGoOn = async (): Promise<boolean> => {
      if (!claim.started && this.deps.clock() < uncontestedUntil) return true;
      if (!(await claim.take()) || claim.lost) stopped = 'busy';
      else if (!markChecked && (await leases.holder(doneName(key)))) stopped = 'already-done';
      markChecked = true;
      return stopped === undefined;
    };
    // Still at it when a runner could be? Then hold the claim, so the runner waits for us.
    const wait = uncontestedUntil - this.deps.clock();
    const guard = Number.isFinite(wait) && wait > 0 ? setTimeout(() => void claim.take(), wait) : undefined;
    guard?.unref();
    try {
      if (!(await mayGoOn())) return stopped as Outcome;
      // Asked again before answering: the work may have taken long enough to be contested now.
      await this.execute(work, mayGoOn);
      if (stopped) return stopped;
      await this.markDone(key, work);
      return 'done';
    } finally {
      clearTimeout(guard);
      // Handed back at once, done or not: after a failure the job's retry can start right away.
      await claim.release();
    }
  }

  private async markDone(key: string, work: StoredWork): Promise<void> {
    try {
      await this.deps.store.leases.acquire(doneName(key), DONE_MARK_OWNER, DONE_MARK_MS);
      this.forgetLapsedMarks();
    } catch (err) {
      this.deps.log.warn('answered a Slack request but could not record it; a restart may answer it again', {
        task: work.task,
        error: (err as Error).message,
      });
    }
  }

  /** At most once a minute: done marks past their hour are dropped, so they do not pile up. */
  private forgetLapsedMarks(): void {
    const now = Date.now();
    if (now - this.lastForget < FORGET_EVERY_MS) return;
    this.lastForget = now;
    this.deps.store.leases
      .forgetLapsed(FORGET_EVERY_MS)
      .catch((err) =>
        this.deps.log.warn('could not drop lapsed Slack done marks', { error: (err as Error).message }),
      );
  }

  /** The task's executor and its input, checked against the task's declared shape. */
  private checkedInput(task: string, input: unknown): { executor: WorkExecutor<unknown>; input: unknown } {
    const known = this.executors.get(task);
    if (!known) {
      throw new XerofixError(`no Slack work called "${task}" is known to this version`, {
        code: 'slack.unknown-work',
        retryable: false,
        context: { task },
      });
    }
    const parsed = known.schema.safeParse(input);
    if (!parsed.success) {
      // Where the shape differs, never the values: the input may hold a customer's paste.
      const where = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(input)'))];
      throw new XerofixError(
        `Slack work "${task}" holds an input this version cannot read (at ${where.join(', ')})`,
        { code: 'slack.work-input-invalid', retryable: false, context: { task, where: where.join(', ') } },
      );
    }
    return { executor: known.executor as WorkExecutor<unknown>, input: parsed.data };
  }

  private async execute(work: StoredWork, mayAnswer: () => Promise<boolean>): Promise<void> {
    const { executor, input } = this.checkedInput(work.task, work.input);
    const answer: Answer = async (message) => {
      // Someone else has the work (or finished it): they answer, not us.
      if (await mayAnswer()) await this.deps.deliver(work.target, message);
    };
    await executor(input, answer, this.deps.client());
  }
}

/** A lease on one piece of work, renewed while held; `lost` once a renewal finds it gone. */
class Claim {
  lost = false;
  private taking: Promise<boolean> | undefined;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly leases: Store['leases'],
    private readonly name: string,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  get started(): boolean {
    return this.taking !== undefined;
  }

  /** Takes the lease once; later calls get the first call's answer. */
  take(): Promise<boolean> {
    this.taking ??= this.acquire();
    return this.taking;
  }

  private async acquire(): Promise<boolean> {
    const taken = await this.leases.acquire(this.name, this.owner, this.leaseMs).catch(() => false);
    if (!taken) return false;
    this.renewal = setInterval(
      () =>
        void this.leases.acquire(this.name, this.owner, this.leaseMs).then(
          (held) => {
            this.lost ||= !held;
          },
          () => {},
        ),
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    this.renewal.unref();
    return true;
  }

  async release(): Promise<void> {
    const taken = await this.taking;
    clearInterval(this.renewal);
    if (taken) await this.leases.release(this.name, this.owner).catch(() => {});
  }
}

/**
 * One request is one trigger id and one response_url; Slack never sends either twice, so a
 * request seen again is the same request (a replay, a retry), and finds the same job.
 */
function workKey(triggerId: string | undefined, responseUrl: string): string {
  const digest = createHash('sha256')
    .update(`${triggerId ?? ''}\n${responseUrl}`)
    .digest('base64url');
  return `${SLACK_WORK_JOB}:${digest}`;
}

const runningName = (key: string) => `${key}:running`;
const doneName = (key: string) => `${key}:done`;
