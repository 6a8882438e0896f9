import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobState } from '../store/jobs.js';

// Prometheus series, all named xerofix_*. One registry per server (not prom-client's global),
// so several servers in one test process do not share counts. Labels carry entry ids, verdict
// codes and states only: never a customer, a paste or anything else a person wrote.

export interface Metrics {
  readonly registry: Registry;
  diagnosed(surface: string, outcome: { entry: string | null; reason?: string | null }): void;
  probed(verdict: string): void;
  slackAck(seconds: number): void;
  keeperPass(led: boolean, failed: number): void;
  /** Read when scraped: job counts by kind and state (queue depth, dead jobs). */
  watchJobs(read: () => Promise<{ kind: string; state: JobState; count: number }[]>): void;
  /** Read when scraped: the last Freshdesk rate-limit headers seen. */
  watchFreshdeskBudget(read: () => { total: number; remaining: number } | undefined): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'xerofix_' });
  const diagnoses = new Counter({
    name: 'xerofix_diagnoses_total',
    help: 'Pastes diagnosed, by surface and outcome (the entry answered, or abstain:<reason>).',
    labelNames: ['surface', 'outcome'],
    registers: [registry],
  });
  const verdicts = new Counter({
    name: 'xerofix_probe_verdicts_total',
    help: 'Probe verdicts reached, by verdict code.',
    labelNames: ['verdict'],
    registers: [registry],
  });
  const acks = new Histogram({
    name: 'xerofix_slack_ack_seconds',
    help: 'Time from receiving a Slack request to acknowledging it.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3],
    registers: [registry],
  });
  const passes = new Counter({
    name: 'xerofix_keeper_runs_total',
    help: 'Keeper passes, by whether this instance led the pass.',
    labelNames: ['role'],
    registers: [registry],
  });
  const keeperFailures = new Counter({
    name: 'xerofix_keeper_probe_failures_total',
    help: 'Connections the keeper could not probe because of a fault of ours (store, key).',
    registers: [registry],
  });
  let readJobs: (() => Promise<{ kind: string; state: JobState; count: number }[]>) | undefined;
  new Gauge({
    name: 'xerofix_jobs',
    help: 'Durable jobs by kind and state: queued and running are the queue depth, dead need an admin.',
    labelNames: ['kind', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await readJobs?.()) ?? []) this.set({ kind: row.kind, state: row.state }, row.count);
    },
  });
  let readBudget: (() => { total: number; remaining: number } | undefined) | undefined;
  new Gauge({
    name: 'xerofix_freshdesk_rate_limit_remaining',
    help: 'Freshdesk API calls left in the current minute, as last reported by Freshdesk.',
    registers: [registry],
    collect() {
      const seen = readBudget?.();
      if (seen) this.set(seen.remaining);
    },
  });
  return {
    registry,
    diagnosed: (surface, outcome) =>
      diagnoses.inc({ surface, outcome: outcome.entry ?? `abstain:${outcome.reason ?? 'unknown'}` }),
    probed: (verdict) => verdicts.inc({ verdict }),
    slackAck: (seconds) => acks.observe(seconds),
    keeperPass: (led, failed) => {
      passes.inc({ role: led ? 'leader' : 'standby' });
      if (failed) keeperFailures.inc(failed);
    },
    watchJobs: (read) => {
      readJobs = read;
    },
    watchFreshdeskBudget: (read) => {
      readBudget = read;
    },
  };
}
