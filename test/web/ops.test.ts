import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';

let server: ServerUnderTest;

beforeAll(async () => {
  server = await startServerUnderTest();
});
afterAll(() => server.close());

describe('operations endpoints', () => {
  it('reports ready when the store answers and knowledge is loaded', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, store: 'ok', knowledge: '3 entries' });
  });

  it('reports not ready once the store is gone', async () => {
    const other = await startServerUnderTest();
    try {
      await other.running.services.store.close();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ready: false, store: 'unreachable' });
    } finally {
      await other.close().catch(() => {});
    }
  });

  it('exports diagnoses by entry and abstain reason, probe verdicts and job counts as xerofix_ series', async () => {
    await server.running.desk.ask({
      surface: 'web',
      paste: '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
    });
    await server.running.desk.ask({ surface: 'web', paste: 'the printer is on fire' });
    await server.connect('metrics@acme.test');
    await server.running.desk.probe('metrics@acme.test');
    await server.running.services.store.jobs.enqueue({
      kind: 'freshdesk-answer',
      dedupeKey: 'm:1',
      payload: {},
    });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/xerofix_diagnoses_total\{surface="web",outcome="xero-401-unauthorized"\} 1/);
    expect(text).toMatch(/xerofix_diagnoses_total\{surface="web",outcome="abstain:[a-z-]+"\} 1/);
    expect(text).toMatch(/xerofix_probe_verdicts_total\{verdict="[a-z-]+"\} 1/);
    expect(text).toMatch(/xerofix_jobs\{kind="freshdesk-answer",state="queued"\} 1/);
    expect(text).toContain('xerofix_process_cpu_seconds_total');
    expect(text).not.toContain('metrics@acme.test');
  });
});
