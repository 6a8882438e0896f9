import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startFakeFreshdesk } from '../test/support/fake-freshdesk/server.js';
import { startFakeSlack } from '../test/support/fake-slack/server.js';
import { FORM, slackSignature, slashCommandBody } from '../test/support/fake-slack/sign.js';
import { type Child, freePort, startChild } from '../test/support/processes.js';
import { hostileTexts } from './hostile-texts.js';
import { profileArgs } from './profile-args.js';
import { freshSlashCommands } from './signed-slash.js';

// bench:hostile: does one customer's hostile text stall everyone else? The real server (a
// child process, SQLite) takes ordinary signed slash commands and /healthz polls, first alone
// and then while hostile 128 KB Freshdesk tickets, 128 KB console lookups and 64 KB slash
// commands arrive. Reported side by side: the server's own maximum event-loop delay
// (monitorEventLoopDelay via prom-client), ordinary acknowledgement p99 and /healthz p99/max.

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const HOSTILE_PER_SECOND = Number(process.env.BENCH_HOSTILE_PER_SECOND ?? 6);
/**
 * Ordinary commands per second in the paced phases. At full speed (20 connections back to back)
 * the server is saturated and the loop's delay is mostly requests queued behind one another;
 * paced well below capacity, a long delay can only be one piece of work holding the loop.
 */
const PACED_PER_SECOND = Number(process.env.BENCH_PACED_PER_SECOND ?? 200);
const SLACK_SECRET = 'bench-signing-secret';
const SLACK_TOKEN = 'xoxb-bench';
const WEBHOOK_SECRET = 'bench-webhook-secret';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const ORDINARY = [
  '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
  '{"error":"invalid_grant"}',
];

interface Phase {
  readonly name: string;
  readonly ackP99: number;
  readonly ackMax: number;
  readonly acks: number;
  readonly healthP99: number;
  readonly healthMax: number;
  readonly lagMaxMs: number;
  readonly hostileSent: number;
  readonly hostileRefused: number;
}

async function lagMaxMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('xerofix_nodejs_eventloop_lag_max_seconds'));
  return Number(line?.split(' ')[1] ?? Number.NaN) * 1000;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};

/** Polls /healthz back to back until stopped; returns each answer's latency. */
function pollHealth(url: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${url}/healthz`)).text();
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/signin`, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    redirect: 'manual',
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await fetch(`${url}/lookup`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  if (!cookie || !csrf) throw new Error('could not sign in to the console');
  return { cookie, csrf };
}

/** Sends hostile input of every kind at a steady rate until stopped. */
function sendHostile(
  url: string,
  freshdesk: Awaited<ReturnType<typeof startFakeFreshdesk>>,
  session: { cookie: string; csrf: string },
  responseUrl: string,
): { stop(): Promise<{ sent: number; refused: number }> } {
  const big = hostileTexts(128 * 1024);
  const slashSized = hostileTexts(64 * 1024);
  const authorization = `Basic ${Buffer.from(`freshdesk:${WEBHOOK_SECRET}`).toString('base64')}`;
  let sent = 0;
  let refused = 0;
  let running = true;
  const count = (res: Response) => {
    if (!res.ok) refused += 1;
    return res.arrayBuffer();
  };
  const one = async (i: number) => {
    const text = (big[i % big.length] as { text: string }).text;
    switch (i % 3) {
      case 0: {
        const ticket = freshdesk.state.addTicket({
          subject: 'Xero stopped',
          description: text,
          email: 'c@shop.test',
        });
        await count(
          await fetch(`${url}/freshdesk/webhook`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ ticket_id: String(ticket.id) }),
          }),
        );
        break;
      }
      case 1:
        await count(
          await fetch(`${url}/lookup`, {
            method: 'POST',
            headers: { cookie: session.cookie, 'content-type': FORM },
            body: new URLSearchParams({ csrf: session.csrf, paste: text }).toString(),
          }),
        );
        break;
      default: {
        const timestamp = Math.floor(Date.now() / 1000);
        const body = slashCommandBody({
          text: (slashSized[i % slashSized.length] as { text: string }).text,
          response_url: responseUrl,
          trigger_id: `hostile.${i}`,
        });
        await count(
          await fetch(`${url}/slack/events`, {
            method: 'POST',
            headers: {
              'content-type': FORM,
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': slackSignature(SLACK_SECRET, timestamp, body),
            },
            body,
          }),
        );
      }
    }
    sent += 1;
  };
  const inFlight: Promise<void>[] = [];
  const timer = setInterval(() => {
    if (running) inFlight.push(one(sent + inFlight.length));
  }, 1000 / HOSTILE_PER_SECOND);
  return {
    stop: async () => {
      running = false;
      clearInterval(timer);
      await Promise.allSettled(inFlight);
      return { sent, refused };
    },
  };
}

async function phase(
  name: string,
  url: string,
  responseUrl: string,
  pace: number | undefined,
  hostile?: () => { stop(): Promise<{ sent: number; refused: number }> },
): Promise<Phase> {
  await lagMaxMs(url); // resets the server's event-loop histogram
  const health = pollHealth(url);
  const attack = hostile?.();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: freshSlashCommands(SLACK_SECRET, responseUrl, ORDINARY),
    ...(pace ? { overallRate: pace } : {}),
  });
  const hostileResult = (await attack?.stop()) ?? { sent: 0, refused: 0 };
  // Work queued by the hostile input (ticket answers) may still be running: let it finish
  // while /healthz is still being timed, so a stall after the burst is counted too.
  await new Promise((r) => setTimeout(r, 3000));
  const healthLatencies = await health.stop();
  return {
    name,
    ackP99: result.latency.p99,
    ackMax: result.latency.max,
    acks: result.requests.total,
    healthP99: percentile(healthLatencies, 0.99),
    healthMax: Math.max(...healthLatencies),
    lagMaxMs: await lagMaxMs(url),
    hostileSent: hostileResult.sent,
    hostileRefused: hostileResult.refused,
  };
}

async function main(): Promise<void> {
  const slack = await startFakeSlack({ botToken: SLACK_TOKEN });
  const freshdesk = await startFakeFreshdesk();
  const dir = mkdtempSync(join(tmpdir(), 'xerofix-hostile-'));
  let server: Child | undefined;
  try {
    const port = await freePort();
    server = await startChild(
      'bin/xerofix.js',
      ['serve'],
      {
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
        XEROFIX_SECRET_KEY: randomBytes(32).toString('base64'),
        ADMIN_TOKEN,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        FRESHDESK_BASE_URL: freshdesk.url,
        FRESHDESK_API_KEY: freshdesk.apiKey,
        FRESHDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
        KEEPER_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'info',
      },
      port,
      'xerofix is serving',
      profileArgs('xerofix-hostile'),
    );
    const url = server.url;
    const session = await signIn(url);
    const responseUrl = slack.responseUrl();
    // Warm-up, not measured: JIT, the store's first writes and the first answers.
    await autocannon({
      url,
      connections: CONNECTIONS,
      duration: 3,
      requests: freshSlashCommands(SLACK_SECRET, responseUrl, ORDINARY),
    });
    await new Promise((r) => setTimeout(r, 2000));
    const attack = () => sendHostile(url, freshdesk, session, responseUrl);
    const pacedCalm = await phase(
      `paced (${PACED_PER_SECOND}/s), ordinary only`,
      url,
      responseUrl,
      PACED_PER_SECOND,
    );
    const paced = await phase(
      `paced (${PACED_PER_SECOND}/s), with hostile input`,
      url,
      responseUrl,
      PACED_PER_SECOND,
      attack,
    );
    const calm = await phase('saturated, ordinary only', url, responseUrl, undefined);
    const attacked = await phase('saturated, with hostile input', url, responseUrl, undefined, attack);
    // Unmatched tickets get tags, not a note: a ticket counts as worked once it was read.
    const ticketsRead = freshdesk.requests.filter(
      (r) => r.method === 'GET' && /^\/api\/v2\/tickets\/\d+$/.test(r.path),
    ).length;
    console.log(
      `\nOrdinary signed /xerofix commands (${CONNECTIONS} connections, ${SECONDS} s a phase; paced at ${PACED_PER_SECOND}/s or back to back) and /healthz polls; hostile input at ${HOSTILE_PER_SECOND}/s (128 KB tickets and lookups, 64 KB commands)\n`,
    );
    console.log(
      '| | max event-loop delay | ack p99 | ack max | acks | /healthz p99 | /healthz max | hostile requests |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const p of [pacedCalm, paced, calm, attacked]) {
      console.log(
        `| ${p.name} | ${p.lagMaxMs.toFixed(0)} ms | ${p.ackP99} ms | ${p.ackMax} ms | ${p.acks} | ${p.healthP99.toFixed(0)} ms | ${p.healthMax.toFixed(0)} ms | ${p.hostileSent} |`,
      );
    }
    console.log(
      `\nMax event-loop delay with hostile input, paced: ${paced.lagMaxMs.toFixed(0)} ms (target ≤ 50 ms; ${(paced.lagMaxMs / pacedCalm.lagMaxMs).toFixed(2)}× the paced run without it); saturated: ${attacked.lagMaxMs.toFixed(0)} ms (${(attacked.lagMaxMs / calm.lagMaxMs).toFixed(2)}× the saturated run without it). Hostile requests not answered 2xx: ${paced.hostileRefused + attacked.hostileRefused} of ${paced.hostileSent + attacked.hostileSent}; Freshdesk ticket reads by the answer jobs: ${ticketsRead}.`,
    );
  } finally {
    await server?.stop();
    await slack.close();
    await freshdesk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
