import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { type Child, freePort, startChild } from '../support/processes.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// Real server processes (the compiled CLI, as `npm start` runs it), one shared database.

const SECRET = 'webhook-secret-for-processes';
const PASTE_401 = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';
const auth = `Basic ${Buffer.from(`fd:${SECRET}`).toString('base64')}`;

let fd: FakeFreshdesk;
let dir: string;
const children: Child[] = [];

beforeEach(async () => {
  fd = await startFakeFreshdesk();
  dir = mkdtempSync(join(tmpdir(), 'xerofix-procs-'));
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = await startChild(
    'bin/xerofix.js',
    ['serve'],
    {
      PORT: String(port),
      KEEPER_INTERVAL_SECONDS: '0',
      FRESHDESK_BASE_URL: fd.url,
      FRESHDESK_API_KEY: fd.apiKey,
      FRESHDESK_WEBHOOK_SECRET: SECRET,
      JOB_RETRY_BASE_MS: '50',
      JOB_LEASE_SECONDS: '2',
      LOG_LEVEL: 'info',
      ...env,
    },
    port,
    'xerofix is serving',
  );
  children.push(child);
  return child;
}

const webhook = (server: Child, ticketId: number) =>
  fetch(`${server.url}/freshdesk/webhook`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ ticket_id: String(ticketId) }),
  });

const postgres = storeTargets().find((t) => t.name === 'postgres');

describe('several server processes', () => {
  it.skipIf(postgres?.skipReason)(
    'answer a ticket once when fifty duplicate webhooks are split across two processes on one PostgreSQL',
    async () => {
      const database: TestDatabase = await (postgres as NonNullable<typeof postgres>).create();
      try {
        if (database.location.kind !== 'postgres') throw new Error('expected PostgreSQL');
        const env = { DATABASE_URL: database.location.url, XEROFIX_SECRET_KEY: newKey() };
        const [a, b] = [await serve(env), await serve(env)];
        const ticket = fd.state.addTicket({ subject: 'Xero', description: PASTE_401, email: 'x@shop.test' });
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => webhook(i % 2 ? (a as Child) : (b as Child), ticket.id)),
        );
        expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
        await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'), 10_000);
        await new Promise((r) => setTimeout(r, 1500));
        expect(fd.state.answersOn(ticket.id)).toHaveLength(1);
      } finally {
        await Promise.all(children.splice(0).map((c) => c.kill()));
        await database.dispose();
      }
    },
    30_000,
  );

  it('answer a ticket after the process that accepted its webhook was killed', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, XEROFIX_SECRET_KEY: newKey() };
    const first = await serve(env);
    fd.setDown(true);
    const ticket = fd.state.addTicket({ subject: 'Xero', description: PASTE_401, email: 'y@shop.test' });
    expect((await webhook(first, ticket.id)).status).toBe(200);
    await first.kill();
    expect(fd.state.answersOn(ticket.id)).toHaveLength(0);

    fd.setDown(false);
    await serve(env);
    await eventually(() => expect(ticket.tags).toContain('xerofix:xero-401-unauthorized'), 15_000);
    expect(fd.state.answersOn(ticket.id)).toHaveLength(1);
  }, 30_000);
});
