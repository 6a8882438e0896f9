import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startFakeSlack } from '../test/support/fake-slack/server.js';
import { type Child, freePort, startChild } from '../test/support/processes.js';
import { cpuMillisOf } from './cpu-time.js';
import { profileArgs } from './profile-args.js';
import { freshSlashCommands } from './signed-slash.js';

// bench:slack: signed /xerofix commands at the real server (a child process, SQLite store) and,
// in the same run, at a bare Bolt app that only acknowledges. Prints throughput and ack latency.
// The fake Slack (response_url catcher and Web API) runs in this process.

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';

const PASTES = [
  '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
  '{"error":"invalid_grant"}',
  'Xero API error 403 Forbidden AuthorizationUnsuccessful',
  'nothing to see here, just a question about invoices',
];

export interface Run {
  readonly name: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  /** The server's CPU time per acknowledged request during the run (ms), where it can be read. */
  readonly cpuPerAck: number | undefined;
}

const signedRequests = (responseUrl: string) => freshSlashCommands(SECRET, responseUrl, PASTES);

/** Requests sent to xerofix during warm-ups; they are answered too. */
const WARMUP_REQUESTS = { count: 0 };

export async function fire(
  name: string,
  server: Child,
  requests: ReturnType<typeof signedRequests>,
): Promise<Run> {
  const url = server.url;
  // A short warm-up so JIT and the store's first writes are not measured.
  const warm = await autocannon({ url, connections: 4, duration: 1, requests });
  if (name.startsWith('xerofix')) WARMUP_REQUESTS.count += warm.requests.total;
  const cpuBefore = cpuMillisOf(server.pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const cpuAfter = cpuMillisOf(server.pid);
  return {
    cpuPerAck:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : (cpuAfter - cpuBefore) / result.requests.total,
    name,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const slack = await startFakeSlack({ botToken: TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'xerofix-bench-'));
  const env = {
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'warn',
  };
  const children: Child[] = [];
  try {
    const barePort = await freePort();
    const bare = await startChild(
      'dist/bench/bare-bolt.js',
      [],
      { ...env, PORT: String(barePort) },
      barePort,
      'ready',
      profileArgs('bare-bolt'),
    );
    children.push(bare);
    const port = await freePort();
    const xerofix = await startChild(
      'bin/xerofix.js',
      ['serve'],
      {
        ...env,
        LOG_LEVEL: 'info',
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
        XEROFIX_SECRET_KEY: randomBytes(32).toString('base64'),
        KEEPER_INTERVAL_SECONDS: '0',
      },
      port,
      'xerofix is serving',
      profileArgs('xerofix'),
    );
    children.push(xerofix);
    const requests = signedRequests(slack.responseUrl());
    // Alternating rounds, reported as medians: this machine's noise is larger than the gap.
    const bareRuns: Run[] = [];
    const ourRuns: Run[] = [];
    let catchUp = 0;
    /** xerofix's CPU per command from warm-up to the last answer: the ack and all the work after it. */
    const cpuPerAnswer: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareRuns.push(await fire('bare Bolt app (ack only)', bare, requests));
      const cpuBefore = cpuMillisOf(xerofix.pid);
      const answeredBefore = slack.responses.length;
      ourRuns.push(await fire('xerofix (ack, diagnose, store, respond)', xerofix, requests));
      // Every acknowledged command must still get its answer; time how long the backlog takes.
      const burstEnded = performance.now();
      const expected = ourRuns.reduce((n, r) => n + r.requests, 0) + WARMUP_REQUESTS.count;
      while (slack.responses.length < expected && performance.now() - burstEnded < 180_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      catchUp = Math.max(catchUp, (performance.now() - burstEnded) / 1000);
      const cpuAfter = cpuMillisOf(xerofix.pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        cpuPerAnswer.push((cpuAfter - cpuBefore) / (slack.responses.length - answeredBefore));
      }
    }
    const expected = ourRuns.reduce((n, r) => n + r.requests, 0) + WARMUP_REQUESTS.count;
    report([median(bareRuns), median(ourRuns)], slack.responses.length, expected, catchUp);
    reportCpu(bareRuns, ourRuns, cpuPerAnswer);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The run with the median throughput. */
function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as Run;
}

function report(runs: Run[], answered: number, expected: number, catchUpSeconds: number): void {
  const [baseline, ours] = runs as [Run, Run];
  console.log(
    `\nSigned /xerofix commands, ${CONNECTIONS} concurrent connections, ${SECONDS} s per run, median of ${ROUNDS} alternating runs\n`,
  );
  console.log('| | requests/s | ack p50 | ack p99 | failed |');
  console.log('|---|---|---|---|---|');
  for (const r of runs) {
    console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx} |`);
  }
  const ratio = ours.perSecond / baseline.perSecond;
  console.log(`\nxerofix throughput is ${(ratio * 100).toFixed(0)}% of the bare app's (target ≥ 80%).`);
  // No absolute target: at saturation the p99 is mostly queueing, and the bare app has it too.
  console.log(
    `xerofix ack p99 is ${ours.p99} ms, ${(ours.p99 / baseline.p99).toFixed(2)}× the bare app's ${baseline.p99} ms at the same saturation.`,
  );
  // autocannon counts the acknowledgements that completed inside a run; commands still in flight
  // when it ended were acknowledged and answered too, so answers may exceed the count.
  console.log(
    `${answered} answers through response_url for ${expected} acknowledgements counted${answered >= expected ? ' (none missing)' : ` (${expected - answered} MISSING)`}, the last ${catchUpSeconds.toFixed(1)} s after the burst ended.`,
  );
}

/** CPU per request: the figure that holds still when the machine is shared (see cpu-time.ts). */
function reportCpu(bareRuns: Run[], ourRuns: Run[], cpuPerAnswer: number[]): void {
  const perAck = (runs: Run[]) => runs.map((r) => r.cpuPerAck).filter((c) => c !== undefined);
  const bare = middle(perAck(bareRuns));
  const ours = middle(perAck(ourRuns));
  if (bare === undefined || ours === undefined) return;
  console.log(
    `Server CPU per acknowledged command during a run (median): bare app ${bare.toFixed(3)} ms, xerofix ${ours.toFixed(3)} ms (${(ours / bare).toFixed(2)}×; ≤ 1.25× is the 80% target).`,
  );
  const all = middle(cpuPerAnswer);
  if (all !== undefined) {
    console.log(
      `xerofix CPU per command, acknowledgement and answer together (median): ${all.toFixed(3)} ms.`,
    );
  }
}

function middle(values: number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

await main();
