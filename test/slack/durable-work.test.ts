import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobRunner } from '../../src/jobs/runner.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import {
  type Accepted,
  type AnswerMessage,
  DurableWork,
  SLACK_WORK_JOB,
} from '../../src/slack/durable-work.js';
import { type AnswerTarget, deliverAnswer } from '../../src/slack/response-url.js';
import { openStore, type Store } from '../../src/store/store.js';
import { captureLog } from '../support/capture-log.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// Work stored before a Slack ack, done by the live path at once or by a job runner later (a
// restarted process), against a real store (SQLite, and PostgreSQL where it can run) and the
// fake Slack's response_urls. The clock is ours, so "a lease later" and "31 minutes later"
// take no time.

const LEASE_MS = 60_000;
const PASTE = z.object({ paste: z.string() });
const TOKEN = 'xoxb-durable-work-test';

let slack: FakeSlack;
let store: Store;
let now: number;
let log: ReturnType<typeof captureLog>;
let failNextDelivery: boolean;
let gate: Promise<void>;
let openGate: () => void;
let database: TestDatabase;
let key: string;
const reopen = (location: TestDatabase['location']) =>
  openStore({ location, keyRing: parseKeyRing(key), clock: () => now });

/** One process's view: its DurableWork (with the one kind of work these tests use) and runner. */
function aProcess(name: string, defineMore: (work: DurableWork) => void = () => {}) {
  const client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const work = new DurableWork({
    store,
    log: log.log,
    clock: () => now,
    leaseMs: LEASE_MS,
    client: () => client,
    deliver: async (target: AnswerTarget, message: AnswerMessage) => {
      if (failNextDelivery) {
        failNextDelivery = false;
        throw new Error('socket hang up');
      }
      await deliverAnswer(client, target, message);
    },
  });
  work.define('echo', PASTE, async ({ paste }, answer) => answer({ text: `you said: ${paste}` }));
  // Stays in its work until the test lets it answer: a probe that takes longer than a lease.
  work.define('slow', PASTE, async ({ paste }, answer) => {
    await gate;
    await answer({ text: `you said: ${paste}` });
  });
  defineMore(work);
  const runner = new JobRunner({
    jobs: store.jobs,
    owner: name,
    handlers: { [SLACK_WORK_JOB]: work.handler },
    clock: () => now,
    log: log.log,
    leaseMs: LEASE_MS,
  });
  return { work, runner };
}

const accept = (work: DurableWork, responseUrl: string, trigger = 'trigger-1') =>
  work.accept('echo', { paste: 'invalid_grant' }, { responseUrl, channel: 'C1', user: 'U1' }, trigger);

const answersTo = (url: string) => slack.responses.filter((r) => url.endsWith(`/${r.id}`));
/** The job that carries this request (requests accepted together share one). */
const jobOf = async (accepted: Accepted) =>
  (await store.jobs.list({ limit: 100 })).find(
    (j) =>
      j.kind === SLACK_WORK_JOB &&
      (j.payload as { items: { key: string }[] }).items.some((w) => w.key === accepted.key),
  );

describe.each(storeTargets())('Slack work stored before the acknowledgement ($name)', (target) => {
  beforeEach(async (context) => {
    if (target.skipReason) return context.skip(target.skipReason);
    now = Date.parse('2026-03-01T09:00:00Z');
    failNextDelivery = false;
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
    log = captureLog();
    slack = await startFakeSlack({ botToken: TOKEN });
    database = await target.create();
    key = newKey();
    store = await reopen(database.location);
  });

  afterEach(async () => {
    if (target.skipReason) return;
    await store.close();
    await database.dispose();
    await slack.close();
  });

  it('is in the store, due only a lease later, before any work is done', async () => {
    const { work } = aProcess('live');
    const url = slack.responseUrl();
    const accepted = await accept(work, url);
    const job = await jobOf(accepted);
    expect(job?.state).toBe('queued');
    expect(Date.parse(job?.runAfter ?? '')).toBe(now + LEASE_MS);
    expect(answersTo(url)).toHaveLength(0);
  });

  it('is answered once by the live path, and the runner that finds it later does nothing', async () => {
    const { work, runner } = aProcess('live');
    const url = slack.responseUrl();
    const accepted = await accept(work, url);
    await work.runNow(accepted);
    expect(answersTo(url).map((r) => r.body.text)).toEqual(['you said: invalid_grant']);
    now += LEASE_MS;
    expect(await runner.runOnce()).toBe(1);
    expect((await jobOf(accepted))?.state).toBe('done');
    expect(answersTo(url)).toHaveLength(1);
  });

  it('is answered by the next process when the one that acknowledged it died first', async () => {
    const url = slack.responseUrl();
    await accept(aProcess('died').work, url);
    const next = aProcess('restarted');
    now += LEASE_MS;
    await next.runner.runOnce();
    expect(answersTo(url).map((r) => r.body.text)).toEqual(['you said: invalid_grant']);
    now += LEASE_MS;
    await next.runner.runOnce();
    expect(answersTo(url)).toHaveLength(1);
  });

  it('is answered once when the live path and a runner take it at the same moment', async () => {
    const live = aProcess('live');
    const other = aProcess('other');
    const url = slack.responseUrl();
    const accepted = await accept(live.work, url);
    now += LEASE_MS;
    await Promise.all([live.work.runNow(accepted), other.runner.runOnce(), live.runner.runOnce()]);
    // Whoever lost the race comes back a lease later and finds it done.
    now += 2 * LEASE_MS;
    await other.runner.runOnce();
    expect(answersTo(url)).toHaveLength(1);
    expect((await jobOf(accepted))?.state).toBe('done');
  });

  it('is not answered again by a live path whose work outlasted the point where a runner took over', async () => {
    const live = aProcess('live');
    const url = slack.responseUrl();
    const accepted = await live.work.accept(
      'slow',
      { paste: 'invalid_grant' },
      { responseUrl: url, channel: 'C1', user: 'U1' },
      't-slow',
    );
    const stillWorking = live.work.runNow(accepted);
    now += LEASE_MS;
    const other = aProcess('other');
    const resumed = other.runner.runOnce();
    openGate();
    await Promise.all([stillWorking, resumed]);
    expect(answersTo(url)).toHaveLength(1);
  });

  it('is retried by the runner when the live path could not deliver the answer', async () => {
    const { work, runner } = aProcess('live');
    const url = slack.responseUrl();
    const accepted = await accept(work, url);
    failNextDelivery = true;
    await expect(work.runNow(accepted)).rejects.toThrow(/socket hang up/);
    expect(answersTo(url)).toHaveLength(0);
    now += LEASE_MS;
    await runner.runOnce();
    expect(answersTo(url)).toHaveLength(1);
  });

  it('does its work once when the same request is delivered twice', async () => {
    const { work, runner } = aProcess('live');
    const url = slack.responseUrl();
    const first = await accept(work, url);
    const again = await accept(work, url);
    expect(again.duplicate).toBe(true);
    await Promise.all([work.runNow(first), work.runNow(again)]);
    now += LEASE_MS;
    await runner.runOnce();
    expect(answersTo(url)).toHaveLength(1);
  });

  it('spots a request delivered again among the last 10,000 it accepted, forgetting the oldest first', async () => {
    const { work } = aProcess('live');
    const url = slack.responseUrl();
    await Promise.all(Array.from({ length: 10_001 }, (_, i) => accept(work, url, `trigger-${i}`)));
    expect((await accept(work, url, 'trigger-0')).duplicate).toBe(false);
    expect((await accept(work, url, 'trigger-2')).duplicate).toBe(true);
    expect((await accept(work, url, 'trigger-10000')).duplicate).toBe(true);
  });

  it('shares a job with requests arriving together, and a runner answers only those left undone', async () => {
    const live = aProcess('live');
    const urls = [1, 2, 3, 4, 5].map(() => slack.responseUrl());
    const accepted = await Promise.all(urls.map((url, i) => accept(live.work, url, `burst-${i}`)));
    const jobs = (await store.jobs.list({ limit: 100 })).filter((j) => j.kind === SLACK_WORK_JOB);
    expect(jobs.length).toBeLessThan(5);
    expect(jobs.flatMap((j) => (j.payload as { items: unknown[] }).items)).toHaveLength(5);
    // The live process answers two, then dies; the next process answers the other three.
    await live.work.runNow(accepted[0] as Accepted);
    await live.work.runNow(accepted[3] as Accepted);
    const next = aProcess('restarted');
    now += LEASE_MS;
    while ((await next.runner.runOnce()) > 0) now += LEASE_MS;
    expect(urls.map((url) => answersTo(url).length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('is still answered, in this process only, when the store cannot take it', async () => {
    const { work } = aProcess('live');
    const url = slack.responseUrl();
    await store.close();
    const accepted = await accept(work, url);
    expect(accepted.stored).toBe(false);
    await work.runNow(accepted);
    expect(answersTo(url)).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('could not store Slack work before acknowledging it'))).toBe(
      true,
    );
    store = await openStore({
      location: { kind: 'sqlite', path: ':memory:' },
      keyRing: parseKeyRing(newKey()),
    });
  });

  it('refuses, before storing it, work whose input does not have its declared shape', async () => {
    const { work } = aProcess('live');
    const target = { responseUrl: slack.responseUrl(), channel: 'C1', user: 'U1' };
    await expect(work.accept('echo', { text: 'invalid_grant' }, target, 't-9')).rejects.toThrow(
      /"echo" holds an input this version cannot read \(at paste\)/,
    );
    expect(await store.jobs.list({ limit: 10 })).toHaveLength(0);
  });

  it('gives up only the stored request another version shaped differently, answering the rest of its job', async () => {
    const older = aProcess('older', (w) =>
      w.define('lookup', z.object({ paste: z.string() }), async (_, answer) => answer({ text: 'old' })),
    );
    const [echoUrl, lookupUrl] = [slack.responseUrl(), slack.responseUrl()];
    const target = { responseUrl: lookupUrl, channel: 'C1', user: 'U1' };
    // Accepted together, so stored in one job.
    await Promise.all([
      accept(older.work, echoUrl, 't-1'),
      older.work.accept('lookup', { paste: 'invalid_grant' }, target, 't-2'),
    ]);
    const stored = (await store.jobs.list({ limit: 10 })).filter((j) => j.kind === SLACK_WORK_JOB);
    expect(stored.map((j) => (j.payload as { items: unknown[] }).items.length)).toEqual([2]);
    // The next version's "lookup" also needs the customer; the stored one has none.
    const newer = aProcess('newer', (w) =>
      w.define('lookup', z.object({ paste: z.string(), customer: z.string() }), async (_, answer) =>
        answer({ text: 'new' }),
      ),
    );
    now += LEASE_MS;
    expect(await newer.runner.runOnce()).toBe(1);
    expect(answersTo(echoUrl).map((r) => r.body.text)).toEqual(['you said: invalid_grant']);
    expect(answersTo(lookupUrl)).toHaveLength(0);
    const jobs = (await store.jobs.list({ limit: 10 })).filter((j) => j.kind === SLACK_WORK_JOB);
    expect(jobs.map((j) => j.state)).toEqual(['done']);
    const gaveUp = log.lines.filter((l) => l.includes('gave up on Slack work this version cannot do'));
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/lookup.*\(at customer\)/);
    expect(log.lines.join('\n')).not.toContain('invalid_grant');
  });

  it('is given up, with a log line, once its response_url has expired', async () => {
    const url = slack.responseUrl();
    await accept(aProcess('died').work, url);
    const next = aProcess('restarted');
    now += 31 * 60_000;
    expect(await next.runner.runOnce()).toBe(1);
    expect(answersTo(url)).toHaveLength(0);
    expect(slack.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(0);
    expect(log.lines.some((l) => l.includes('gave up on Slack work: its response_url expired'))).toBe(true);
    // The log names the kind of work and its age, never what was pasted.
    expect(log.lines.join('\n')).not.toContain('invalid_grant');
  });
});
