import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { XerofixError } from '../../src/errors/xerofix-error.js';
import { type Backoff, exponentialBackoff } from '../../src/jobs/backoff.js';
import { defineJob, type JobContext } from '../../src/jobs/handler.js';
import { JobRunner, type JobRunnerOptions } from '../../src/jobs/runner.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import type { Job, JobRepository } from '../../src/store/jobs.js';
import { openStore, type Store } from '../../src/store/store.js';
import { captureLog } from '../support/capture-log.js';
import { eventually } from '../support/eventually.js';
import { newKey } from '../support/stores.js';

const LEASE = 60_000;
// Customer words in a payload; the log must never see them.
const PAYLOAD = { ticketId: 42, text: 'our invoice total is wrong, ring Sheila on 0412 000 000' };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const PAYLOAD_SCHEMA = z.object({ ticketId: z.number().int(), text: z.string() });

/** A failure the handler classified, as every client's error is. */
const failure = (
  message: string,
  options: { retryable?: boolean; retryAfterSeconds?: number; code?: string } = {},
) =>
  new XerofixError(message, {
    code: options.code ?? 'test.failure',
    retryable: options.retryable ?? true,
    retryAfterSeconds: options.retryAfterSeconds,
  });

type Handle = (job: Job, ctx: JobContext) => Promise<void>;

describe('the job runner', () => {
  let store: Store;
  let now: number;
  let log: ReturnType<typeof captureLog>;
  const runners: JobRunner[] = [];

  const runner = (handles: Record<string, Handle>, over: Partial<JobRunnerOptions> = {}) => {
    const handlers = Object.fromEntries(
      Object.entries(handles).map(([kind, handle]) => [
        kind,
        defineJob(PAYLOAD_SCHEMA, (_payload, job, ctx) => handle(job, ctx)),
      ]),
    );
    const r = new JobRunner({
      jobs: store.jobs,
      owner: `runner-${runners.length + 1}`,
      handlers,
      clock: () => now,
      log: log.log,
      leaseMs: LEASE,
      backoff: exponentialBackoff({ jitter: () => 0.5 }),
      ...over,
    });
    runners.push(r);
    return r;
  };
  const enqueue = async (kind = 'answer', dedupeKey = 'ticket:42') =>
    (await store.jobs.enqueue({ kind, dedupeKey, payload: PAYLOAD })).id;
  const job = async (id: string) => {
    const found = await store.jobs.get(id);
    if (!found) throw new Error(`job ${id} is gone`);
    return found;
  };
  const logged = () => log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const dueIn = async (id: string) => Date.parse((await job(id)).runAfter) - now;

  beforeEach(async () => {
    now = Date.parse('2026-01-01T00:00:00Z');
    log = captureLog();
    store = await openStore({
      location: { kind: 'sqlite', path: ':memory:' },
      keyRing: parseKeyRing(newKey()),
      clock: () => now,
    });
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await store.close();
    // Payloads may hold customer text: whatever a test did, none of it reached the log.
    expect(log.lines.join('\n')).not.toContain('Sheila');
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    const delays: number[] = [];
    const schedule = exponentialBackoff({ jitter: () => 0.5 });
    const backoff: Backoff = (attempt) => {
      const ms = schedule(attempt);
      delays.push(ms);
      return ms;
    };
    let calls = 0;
    const id = await enqueue();
    const r = runner(
      {
        answer: async (j) => {
          calls += 1;
          expect(j.payload).toEqual(PAYLOAD);
          if (calls <= 2) throw failure(`Freshdesk answered 503 (try ${calls})`);
        },
      },
      { backoff },
    );

    expect(await r.runOnce()).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'queued', lastError: 'Freshdesk answered 503 (try 1)' });
    expect(await r.runOnce()).toBe(0);
    now += await dueIn(id);
    await r.runOnce();
    now += await dueIn(id);
    await r.runOnce();

    expect(await job(id)).toMatchObject({ state: 'done', attempts: 3 });
    expect(delays).toHaveLength(2);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? Infinity);
  });

  it('buries a job at once when its error says retrying cannot help, logging the error code', async () => {
    const id = await enqueue();
    const r = runner({
      answer: async () => {
        throw failure('ticket 42 was deleted', { retryable: false, code: 'freshdesk.not-found' });
      },
    });
    await r.runOnce();
    expect(await job(id)).toMatchObject({ state: 'dead', attempts: 1, lastError: 'ticket 42 was deleted' });
    expect(logged()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'job failed permanently',
        code: 'freshdesk.not-found',
        kind: 'answer',
      }),
    );
  });

  it('waits as long as the service asked before retrying a retryable error', async () => {
    const id = await enqueue();
    let calls = 0;
    const r = runner({
      answer: async () => {
        calls += 1;
        if (calls === 1) throw failure('rate limited', { retryAfterSeconds: 120 });
      },
    });
    await r.runOnce();
    expect(await job(id)).toMatchObject({ state: 'queued', lastError: 'rate limited' });
    expect(await dueIn(id)).toBe(120_000);
    now += 119_999;
    expect(await r.runOnce()).toBe(0);
    now += 1;
    expect(await r.runOnce()).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('retries an error nobody classified on its backoff, however it is dressed', async () => {
    const id = await enqueue();
    const r = runner({
      answer: async () => {
        // Not a XerofixError: a field that merely looks like the base's is not read.
        throw Object.assign(new Error('socket hang up'), { retryable: false, retryAfterSeconds: 999 });
      },
    });
    await r.runOnce();
    expect(await job(id)).toMatchObject({ state: 'queued', lastError: 'socket hang up' });
    // The first backoff step with jitter 0.5: 3.75 s, not the 999 s the object claimed.
    expect(await dueIn(id)).toBe(3_750);
    expect(logged()).toContainEqual(
      expect.objectContaining({ message: 'job failed; will retry', code: 'unclassified' }),
    );
  });

  it('fails a job whose stored payload does not fit its kind, without running it or logging the payload', async () => {
    // Written straight into the store, as an older or broken producer might have left it.
    const { id } = await store.jobs.enqueue({
      kind: 'answer',
      dedupeKey: 'ticket:malformed',
      payload: { ticketId: 'call Sheila on 0412 000 000', text: ['Sheila'] },
    });
    let ran = false;
    const r = runner({
      answer: async () => {
        ran = true;
      },
    });
    expect(await r.runOnce()).toBe(1);

    expect(ran).toBe(false);
    const dead = await job(id);
    expect(dead).toMatchObject({ state: 'dead', attempts: 1 });
    expect(dead.lastError).toBe(
      'stored payload does not fit job kind "answer": invalid_type at ticketId; invalid_type at text',
    );
    expect(logged()).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'job buried: malformed payload', kind: 'answer' }),
    );
    expect(log.lines.join('\n')).toContain('invalid_type at ticketId');
    // Not retried: it would read the same payload again.
    now += 24 * 60 * 60_000;
    expect(await r.runOnce()).toBe(0);
    // (afterEach checks that "Sheila" reached no log line.)
  });

  it('gives up after the last allowed attempt, keeping the last error', async () => {
    const id = await enqueue();
    let calls = 0;
    const r = runner(
      {
        answer: async () => {
          calls += 1;
          throw failure(`timeout ${calls}`);
        },
      },
      { maxAttempts: 2 },
    );
    await r.runOnce();
    now += await dueIn(id);
    await r.runOnce();
    expect(await job(id)).toMatchObject({
      state: 'dead',
      attempts: 2,
      lastError: 'gave up after 2 attempts: timeout 2',
    });
  });

  it('buries a job of a kind nobody handles, naming the kind', async () => {
    const id = await enqueue('retired-kind');
    await runner({}).runOnce();
    const dead = await job(id);
    expect(dead.state).toBe('dead');
    expect(dead.lastError).toContain('"retired-kind"');
  });

  it('shows a retry the steps an earlier attempt saved before it crashed', async () => {
    const id = await enqueue();
    const posted: string[] = [];
    const seen: Record<string, unknown>[] = [];
    let crash = true;
    const r = runner({
      answer: async (_job, ctx) => {
        seen.push({ ...ctx.progress });
        if (!ctx.progress.replied) {
          posted.push('reply');
          await ctx.saveProgress({ replied: true });
        }
        if (crash) {
          crash = false;
          throw failure('connection reset after posting');
        }
        await ctx.saveProgress({ tagged: true });
      },
    });
    await r.runOnce();
    now += await dueIn(id);
    await r.runOnce();

    expect(seen).toEqual([{}, { replied: true }]);
    expect(posted).toEqual(['reply']);
    expect(await job(id)).toMatchObject({ state: 'done', progress: { replied: true, tagged: true } });
  });

  it('runs no more jobs at once than its concurrency allows', async () => {
    for (let i = 0; i < 5; i++) await enqueue('answer', `ticket:${i}`);
    let active = 0;
    let peak = 0;
    const r = runner(
      {
        answer: async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active -= 1;
        },
      },
      { concurrency: 2 },
    );
    expect(await r.runOnce()).toBe(2);
    expect(peak).toBe(2);
    expect(await store.jobs.counts()).toMatchObject({ done: 2, queued: 3 });
  });

  it('waits on stop for a job in flight to finish and record its outcome', async () => {
    const id = await enqueue();
    const started = deferred();
    const finish = deferred();
    const r = runner({
      answer: async () => {
        started.resolve();
        await finish.promise;
      },
    });
    void r.runOnce();
    await started.promise;

    let stopped = false;
    const stopping = r.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stopped).toBe(false);
    finish.resolve();
    await stopping;
    expect(await job(id)).toMatchObject({ state: 'done' });
  });

  it('hands back unharmed a job it claimed while stopping, without starting it', async () => {
    const id = await enqueue();
    const gate = deferred();
    const claiming = deferred();
    // A store whose claim is slow, so stop() arrives between the claim and the start.
    const slowClaims = new Proxy(store.jobs, {
      get(target, name) {
        if (name === 'claimDue') {
          return async (...args: Parameters<JobRepository['claimDue']>) => {
            claiming.resolve();
            await gate.promise;
            return target.claimDue(...args);
          };
        }
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let ran = false;
    const r = runner(
      {
        answer: async () => {
          ran = true;
        },
      },
      { jobs: slowClaims },
    );
    r.start();
    await claiming.promise;
    const stopping = r.stop();
    gate.resolve();
    await stopping;

    expect(ran).toBe(false);
    expect(await job(id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null });
  });

  it('picks up a job from a runner that crashed once its lease expires', async () => {
    const id = await enqueue();
    const crashedHandlerStarted = deferred();
    const neverFinishes = deferred();
    const crashed = runner({
      answer: async () => {
        crashedHandlerStarted.resolve();
        await neverFinishes.promise;
      },
    });
    void crashed.runOnce();
    await crashedHandlerStarted.promise;

    let doneBy: string | undefined;
    const survivor = runner({
      answer: async (j) => {
        doneBy = `attempt ${j.attempts}`;
      },
    });
    expect(await survivor.runOnce()).toBe(0);
    now += LEASE + 1;
    expect(await survivor.runOnce()).toBe(1);
    expect(doneBy).toBe('attempt 2');
    expect(await job(id)).toMatchObject({ state: 'done', leaseOwner: null });

    // The stalled handler wakes up late: its result must not overwrite the survivor's.
    neverFinishes.resolve();
    await crashed.stop();
    expect(await job(id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(log.lines.join('\n')).toContain('lease was lost');
  });

  it('starts a newly enqueued job at once when woken, without waiting for the next poll', async () => {
    const r = runner({ answer: async () => {} }, { pollMs: 60_000 });
    r.start();
    const id = await enqueue();
    r.wake();
    await eventually(async () => expect((await job(id)).state).toBe('done'));
  });
});

describe('exponential backoff', () => {
  it('doubles from 5 seconds and stops growing at 15 minutes', () => {
    const full = exponentialBackoff({ jitter: () => 1 });
    expect([1, 2, 3, 4].map(full)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(full(30)).toBe(15 * 60_000);
  });

  it('spreads retries over the upper half of each delay', () => {
    const least = exponentialBackoff({ jitter: () => 0 });
    const most = exponentialBackoff({ jitter: () => 1 });
    expect(least(3)).toBe(10_000);
    expect(most(3)).toBe(20_000);
  });

  it('takes its base, factor and cap from options', () => {
    const custom = exponentialBackoff({ baseMs: 100, factor: 3, capMs: 1_000, jitter: () => 1 });
    expect([1, 2, 3, 4].map(custom)).toEqual([100, 300, 900, 1_000]);
  });
});
