import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { startFakeFreshdesk } from '../test/support/fake-freshdesk/server.js';
import { startFakeSlack } from '../test/support/fake-slack/server.js';
import { FORM } from '../test/support/fake-slack/sign.js';
import { type Child, freePort, startChild } from '../test/support/processes.js';
import { startThrowawayPostgres } from '../test/support/throwaway-postgres.js';
import { freshSlashCommands } from './signed-slash.js';

// bench:http: the real server (bin/xerofix.js serve) on PostgreSQL, one instance and then two
// sharing the database, under signed /xerofix commands, Freshdesk webhooks and console lookups.
// With two instances the load is split evenly between them, as a load balancer would.

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SLACK_SECRET = 'bench-signing-secret';
const SLACK_TOKEN = 'xoxb-bench';
const WEBHOOK_SECRET = 'bench-webhook-secret';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const PASTE = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

interface Result {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

type Request = NonNullable<autocannon.Options['requests']>[number];

/** Runs the same load against every instance at once, connections split between them. */
async function load(urls: string[], requests: (url: string) => Promise<Request[]>): Promise<Result> {
  const prepared = await Promise.all(urls.map(requests));
  const run = (i: number, duration: number, connections: number) =>
    autocannon({ url: urls[i] as string, connections, duration, requests: prepared[i] as Request[] });
  await Promise.all(urls.map((_, i) => run(i, 1, 4)));
  const results = await Promise.all(
    urls.map((_, i) => run(i, SECONDS, Math.ceil(CONNECTIONS / urls.length))),
  );
  return {
    perSecond: results.reduce((n, r) => n + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    failed: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
}

function slashRequests(responseUrl: string) {
  return async (): Promise<Request[]> => freshSlashCommands(SLACK_SECRET, responseUrl, [PASTE]);
}

let nextTicket = 1_000_000;
async function webhookRequests(): Promise<Request[]> {
  const authorization = `Basic ${Buffer.from(`freshdesk:${WEBHOOK_SECRET}`).toString('base64')}`;
  return [
    {
      method: 'POST',
      path: '/freshdesk/webhook',
      headers: { authorization, 'content-type': 'application/json' },
      // A new ticket id each time, so every request is stored as a new job.
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ ticket_id: String(nextTicket++) }) }),
    },
  ];
}

/** Signs in to the console once and posts lookups with that session and its CSRF token. */
async function lookupRequests(url: string): Promise<Request[]> {
  const signin = await fetch(`${url}/signin`, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    redirect: 'manual',
  });
  const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const page = await (await fetch(`${url}/lookup`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!cookie || !csrf) throw new Error('could not sign in to the console for the lookup benchmark');
  const body = new URLSearchParams({ csrf, paste: PASTE }).toString();
  return [{ method: 'POST', path: '/lookup', headers: { cookie, 'content-type': FORM }, body }];
}

async function main(): Promise<void> {
  const postgres = await startThrowawayPostgres();
  if ('skipReason' in postgres) throw new Error(`bench:http needs PostgreSQL: ${postgres.skipReason}`);
  const slack = await startFakeSlack({ botToken: SLACK_TOKEN });
  const freshdesk = await startFakeFreshdesk();
  const children: Child[] = [];
  const rows: string[] = [];
  try {
    for (const instances of [1, 2]) {
      const database = `bench_${instances}`;
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const env = {
        DATABASE_URL: postgres.url.replace(/\/postgres$/, `/${database}`),
        XEROFIX_SECRET_KEY: randomBytes(32).toString('base64'),
        ADMIN_TOKEN,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        FRESHDESK_BASE_URL: freshdesk.url,
        FRESHDESK_API_KEY: freshdesk.apiKey,
        FRESHDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
        KEEPER_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
      };
      const started: Child[] = [];
      for (let i = 0; i < instances; i++) {
        const port = await freePort();
        started.push(
          await startChild(
            'bin/xerofix.js',
            ['serve'],
            { ...env, LOG_LEVEL: 'info', PORT: String(port) },
            port,
            'xerofix is serving',
          ),
        );
      }
      children.push(...started);
      const urls = started.map((c) => c.url);
      const slash = await load(urls, slashRequests(slack.responseUrl()));
      const webhook = await load(urls, webhookRequests);
      const lookup = await load(urls, lookupRequests);
      for (const [name, r] of [
        ['slash command (ack)', slash],
        ['Freshdesk webhook (stored, 200)', webhook],
        ['console /lookup (diagnose, render)', lookup],
      ] as const) {
        rows.push(
          `| ${instances} | ${name} | ${r.perSecond.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.failed} |`,
        );
      }
      await Promise.all(started.map((c) => c.stop()));
    }
  } finally {
    await Promise.all(children.map((c) => c.kill()));
    await slack.close();
    await freshdesk.close();
    postgres.stop();
  }
  console.log(
    `\nbench:http: PostgreSQL, ${CONNECTIONS} connections split across the instances, ${SECONDS} s per run\n`,
  );
  console.log('| instances | request | requests/s | p50 | p99 | failed |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
