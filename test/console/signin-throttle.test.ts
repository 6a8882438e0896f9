import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

// Behind a load balancer every instance must hold the same count of wrong admin tokens per
// client: two instances may not allow twice the guesses.

const ADMIN_TOKEN = 'throttle-test-admin-token-0123456789';

describe.each(storeTargets())('sign-in throttle across two instances on one $name database', (target) => {
  let database: TestDatabase;
  let servers: ServerUnderTest[] = [];

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    database = await target.create();
    const { location } = database;
    const env = {
      ADMIN_TOKEN,
      TRUST_PROXY: '1',
      XEROFIX_SECRET_KEY: newKey(),
      DATABASE_URL: location.kind === 'postgres' ? location.url : `sqlite:${location.path}`,
    };
    // One after the other: the first one migrates the database.
    servers = [await startServerUnderTest(env)];
    servers.push(await startServerUnderTest(env));
  }, 30_000);
  afterEach(async () => {
    if (target.skipReason) return;
    await Promise.all(servers.map((s) => s.close()));
    await database.dispose();
  });

  const signIn = (server: ServerUnderTest, token: string, client: string) =>
    fetch(`${server.url}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
    });

  it('refuses the eleventh wrong token from a client on either instance, however they were spread', async () => {
    const attacker = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++)
      statuses.push((await signIn(servers[i % 2] as ServerUnderTest, `guess-${i}`, attacker)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    for (const server of servers) {
      const locked = await signIn(server, ADMIN_TOKEN, attacker);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another client is not held back by the attacker's count, on either instance.
    for (const server of servers)
      expect((await signIn(server, ADMIN_TOKEN, '198.51.100.8')).status).toBe(303);
  });

  it('does not count good sign-ins: a client that signs in often is never locked out', async () => {
    for (let i = 0; i < 12; i++)
      expect((await signIn(servers[i % 2] as ServerUnderTest, ADMIN_TOKEN, '198.51.100.9')).status).toBe(303);
  });
});
