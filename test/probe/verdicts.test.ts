import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERDICT_CODES, type VerdictCode } from '../../src/core/verdict-codes.js';
import { verdictSentence } from '../../src/reply/verdict-wording.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { startHarness, type XeroHarness } from '../support/xero-harness.js';

// Every verdict the probe can reach, each produced by the real xero-node clients talking to
// the fake Xero. Secrets the fake issued are collected and checked against all output.

const MINUTE = 60_000;
const reached = new Set<VerdictCode>();
const outputs: string[] = [];
const issued = new Set<string>();
let h: XeroHarness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  outputs.push(...h.logLines);
  for (const s of h.fake.state.issued) issued.add(s);
  await h.close();
});
afterAll(() => {
  expectNoSecrets(outputs, issued);
});

async function probe(customer: string) {
  const verdict = await h.probe(customer);
  reached.add(verdict.code);
  outputs.push(JSON.stringify(verdict));
  return verdict;
}

describe('probe verdicts', () => {
  it('calls a working connection healthy and names the organisation', async () => {
    await h.connect('ops@acme.example');
    const v = await probe('ops@acme.example');
    expect(v.code).toBe('healthy');
    expect(v.entry).toBeNull();
    expect(v.tenantName).toBe('Acme Ltd');
    expect(v.checks.map((c) => [c.name, c.outcome])).toEqual([
      ['stored-connection', 'pass'],
      ['access-token', 'pass'],
      ['connections', 'pass'],
      ['organisation', 'pass'],
    ]);
    expect(verdictSentence(v.code, v)).toContain('Acme Ltd');
  });

  it('says not-connected for a customer with nothing stored', async () => {
    const v = await probe('nobody@unknown.example');
    expect([v.code, v.entry]).toEqual(['not-connected', null]);
  });

  it('stops at access-token-expired for an expired shared token without refreshing it', async () => {
    await h.connect('shared.example', { ownership: 'shared' });
    h.advance(31 * MINUTE);
    const v = await probe('shared.example');
    expect(v.code).toBe('access-token-expired');
    expect(h.fake.requests.filter((r) => r.path === '/connect/token')).toEqual([]);
    expect(v.checks.at(-1)).toMatchObject({ name: 'refresh', outcome: 'skipped' });
  });

  it('refreshes an expired owned token, stores the rotation and ends healthy', async () => {
    await h.connect('owned.example');
    const before = await h.store.connections.findByCustomer('owned.example');
    h.advance(31 * MINUTE);
    const v = await probe('owned.example');
    expect(v.code).toBe('healthy');
    const after = await h.store.connections.findByCustomer('owned.example');
    expect(after?.tokenSet.reveal().refresh_token).not.toBe(before?.tokenSet.reveal().refresh_token);
    expect(after?.tokenVersion).toBe((before?.tokenVersion ?? 0) + 1);
  });

  it('reports refresh-token-invalid when Xero answers invalid_grant after revocation', async () => {
    await h.connect('revoked.example');
    for (const g of h.fake.state.grants.values()) g.revoked = true;
    h.advance(31 * MINUTE);
    const v = await probe('revoked.example');
    expect([v.code, v.entry]).toEqual(['refresh-token-invalid', 'xero-401-unauthorized']);
  });

  it('reports refresh-token-invalid when an old copy of the refresh token is reused past the grace', async () => {
    await h.connect('dup.example');
    const copy =
      (await h.store.connections.findByCustomer('dup.example'))?.tokenSet.reveal().refresh_token ?? '';
    // The integration rotates its copy; 31 minutes later xerofix's copy is past the grace.
    h.fake.state.refresh(copy, 'CLIENTID0000000000000000000000001');
    h.advance(31 * MINUTE);
    const v = await probe('dup.example');
    expect(v.code).toBe('refresh-token-invalid');
  });

  it('reports client-credentials-invalid after the client secret is regenerated', async () => {
    await h.connect('secret.example');
    h.fake.state.addApp('CLIENTID0000000000000000000000001');
    h.advance(31 * MINUTE);
    const v = await probe('secret.example');
    expect([v.code, v.entry]).toEqual(['client-credentials-invalid', 'xero-403-forbidden']);
  });

  it('reports tenant-disconnected when the tenant is missing from /connections', async () => {
    await h.connect('gone.example', { tenants: ['tenant-beta'], storedTenant: 'tenant-acme' });
    const v = await probe('gone.example');
    expect([v.code, v.entry]).toEqual(['tenant-disconnected', 'xero-401-unauthorized']);
  });

  it('reports tenant-disconnected when a shared token is refused outright', async () => {
    await h.connect('refused.example', { ownership: 'shared' });
    for (const g of h.fake.state.grants.values()) g.revoked = true;
    const v = await probe('refused.example');
    expect(v.code).toBe('tenant-disconnected');
    expect(v.checks.at(-1)?.detail).toContain('AuthenticationUnsuccessful');
  });

  it('reports tenant-forbidden on a 403 from the tenant', async () => {
    await h.connect('forbidden.example');
    h.fake.setTenantMode('tenant-acme', 'forbidden');
    const v = await probe('forbidden.example');
    expect([v.code, v.entry]).toEqual(['tenant-forbidden', 'xero-403-forbidden']);
  });

  it('reports scope-missing on 401 AuthorizationUnsuccessful', async () => {
    await h.connect('scope.example', { scopes: ['openid', 'offline_access'] });
    const v = await probe('scope.example');
    expect([v.code, v.entry]).toEqual(['scope-missing', null]);
  });

  it('reports rate-limited with the limit and when to retry', async () => {
    await h.connect('busy.example');
    h.fake.setTenantMode('tenant-acme', 'day-limited');
    const v = await probe('busy.example');
    expect(v).toMatchObject({ code: 'rate-limited', retryAfterSeconds: 3600, rateLimitProblem: 'day' });
    expect(verdictSentence(v.code, v)).toMatch(/daily limit.*3600 seconds/);
  });

  it('reports xero-unavailable on a plain-text 503', async () => {
    await h.connect('offline.example');
    h.fake.setTenantMode('tenant-acme', 'unavailable');
    const v = await probe('offline.example');
    expect(v.code).toBe('xero-unavailable');
    expect(v.checks.at(-1)?.detail).toBe('HTTP 503: The Organisation is offline');
  });

  it('reports xero-unavailable when the tenant never answers, within the timeout', async () => {
    await h.connect('hang.example');
    h.fake.setTenantMode('tenant-acme', 'hang');
    const started = Date.now();
    const v = await probe('hang.example');
    expect(v.code).toBe('xero-unavailable');
    expect(v.checks.at(-1)?.detail).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('records each probe run and flags a healthy connection that breaks', async () => {
    await h.connect('flip.example');
    await probe('flip.example');
    h.advance(MINUTE);
    h.fake.setTenantMode('tenant-acme', 'forbidden');
    await probe('flip.example');
    const runs = await h.store.probeRuns.recent('flip.example');
    expect(runs.map((r) => r.verdict)).toEqual(['tenant-forbidden', 'healthy']);
    const events = await h.store.events.undelivered();
    expect(events.map((e) => [e.kind, e.verdict])).toEqual([['became-broken', 'tenant-forbidden']]);
  });
});

describe('coverage of verdicts', () => {
  it('reached every verdict code in this file', () => {
    const all = [...VERDICT_CODES];
    expect([...reached].sort()).toEqual([...all].sort());
  });
});
