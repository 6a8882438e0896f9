import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { Secret } from '../../src/secrets/secret.js';
import { openStore, type Store } from '../../src/store/store.js';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { messageEvent } from '../support/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
import { type FakeXero, startFakeXero } from '../support/fake-xero/server.js';
import { type Child, freePort, startChild } from '../support/processes.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// Two real server processes on one PostgreSQL, behind an imaginary load balancer that
// alternates between them: a burst of Slack commands, a redelivered channel message,
// duplicate Freshdesk webhooks, and both keepers running.

const SIGNING = 'two-instance-signing-secret';
const BOT = 'xoxb-2inst';
const WEBHOOK = 'two-instance-webhook-secret';
const CLIENT = 'CLIENTID0000000000000000000000001';
const PASTE =
  '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"} orders stopped syncing';
const postgres = storeTargets().find((t) => t.name === 'postgres');

let database: TestDatabase;
let store: Store;
let slack: FakeSlack;
let fd: FakeFreshdesk;
let xero: FakeXero;
const servers: Child[] = [];

describe.skipIf(postgres?.skipReason)('two instances on one PostgreSQL', () => {
  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    if (database.location.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const key = newKey();
    [slack, fd, xero] = await Promise.all([
      startFakeSlack({ botToken: BOT }),
      startFakeFreshdesk(),
      startFakeXero(),
    ]);
    const secret = xero.state.addApp(CLIENT);
    xero.state.addTenant('tenant-acme', 'Acme Ltd');
    store = await openStore({ location: database.location, keyRing: parseKeyRing(key) });
    const { tokens } = xero.state.createGrant(
      CLIENT,
      ['tenant-acme'],
      ['openid', 'accounting.settings.read', 'offline_access'],
    );
    await store.connections.save({
      customerKey: 'kept@acme.test',
      tenantId: 'tenant-acme',
      tenantName: 'Acme Ltd',
      clientId: CLIENT,
      clientSecret: new Secret(secret),
      tokenSet: new Secret({ ...tokens, expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in }),
      ownership: 'owned',
    });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      servers.push(
        await startChild(
          'bin/xerofix.js',
          ['serve'],
          {
            PORT: String(port),
            DATABASE_URL: database.location.url,
            XEROFIX_SECRET_KEY: key,
            SLACK_SIGNING_SECRET: SIGNING,
            SLACK_BOT_TOKEN: BOT,
            SLACK_API_URL: slack.apiUrl,
            SLACK_AUTO_REPLY_CHANNELS: 'CSUPPORT',
            FRESHDESK_BASE_URL: fd.url,
            FRESHDESK_API_KEY: fd.apiKey,
            FRESHDESK_WEBHOOK_SECRET: WEBHOOK,
            XERO_IDENTITY_URL: xero.url,
            XERO_API_URL: xero.url,
            KEEPER_INTERVAL_SECONDS: '1',
            JOB_RETRY_BASE_MS: '50',
            LOG_LEVEL: 'info',
          },
          port,
          'xerofix is serving',
        ),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await store?.close();
    await Promise.all([slack?.close(), fd?.close(), xero?.close()]);
    await database?.dispose();
  });

  const at = (i: number) => servers[i % 2] as Child;

  it('answers every one of a burst of slash commands exactly once', async () => {
    const urls = Array.from({ length: 40 }, () => slack.responseUrl());
    const results = await Promise.all(
      urls.map((responseUrl, i) =>
        postSigned(
          `${at(i).url}/slack/events`,
          slashCommandBody({ text: PASTE, response_url: responseUrl }),
          FORM,
          {
            secret: SIGNING,
          },
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = urls.map((u) => u.slice(u.lastIndexOf('/') + 1));
    await eventually(
      () => expect(slack.responses.filter((r) => ids.includes(r.id))).toHaveLength(40),
      10_000,
    );
    expect(new Set(slack.responses.filter((r) => ids.includes(r.id)).map((r) => r.id)).size).toBe(40);
  });

  it('posts one thread answer when Slack delivers the same message to both instances', async () => {
    const ts = '1800000000.000100';
    const payload = JSON.stringify(messageEvent({ channel: 'CSUPPORT', user: 'UCUSTOMER', ts, text: PASTE }));
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        postSigned(`${at(i).url}/slack/events`, payload, 'application/json', {
          secret: SIGNING,
          headers: i ? { 'x-slack-retry-num': String(i), 'x-slack-retry-reason': 'http_timeout' } : {},
        }),
      ),
    );
    const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts);
    await eventually(() => expect(posts()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500));
    expect(posts()).toHaveLength(1);
  });

  it('answers each ticket once when its webhooks arrive at both instances', async () => {
    const tickets = [1, 2, 3].map(() =>
      fd.state.addTicket({ subject: 'Xero', description: PASTE, email: 'c@shop.test' }),
    );
    const auth = `Basic ${Buffer.from(`fd:${WEBHOOK}`).toString('base64')}`;
    await Promise.all(
      tickets.flatMap((t) =>
        Array.from({ length: 10 }, (_, i) =>
          fetch(`${at(i).url}/freshdesk/webhook`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ ticket_id: String(t.id) }),
          }),
        ),
      ),
    );
    await eventually(() => expect(tickets.map((t) => t.tags.length)).toEqual([1, 1, 1]), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(tickets.map((t) => fd.state.answersOn(t.id).length)).toEqual([1, 1, 1]);
  });

  it('runs the keeper on one instance at a time', async () => {
    const before = (await store.probeRuns.recent('kept@acme.test', 1000)).length;
    await new Promise((r) => setTimeout(r, 4000));
    const runs = (await store.probeRuns.recent('kept@acme.test', 1000)).length - before;
    // One keeper every second is about 4 runs in 4 s; both keepers would make about 8.
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(5);
  }, 15_000);
});
