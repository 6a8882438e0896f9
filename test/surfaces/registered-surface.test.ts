import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertJobKind } from '../../src/alerts/outbox.js';
import { registeredSurfaces } from '../../src/server/registered-surfaces.js';
import { eventually } from '../support/eventually.js';
import { type ServerUnderTest, startServerUnderTest } from '../support/xerofix-server.js';
import { noopSurface } from './noop-surface.js';

const noop = noopSurface();
let server: ServerUnderTest;

beforeAll(async () => {
  // The one registration call: the shipped surfaces plus this folder's own.
  server = await startServerUnderTest({}, { surfaces: [...registeredSurfaces, noop.factory] });
});

afterAll(async () => {
  await server.close();
});

describe('a surface added by registration alone', () => {
  it('serves its own route on the server’s port, beside the shipped pages', async () => {
    const res = await fetch(`${server.url}/noop/ping`);
    expect([res.status, await res.text()]).toEqual([200, 'noop surface here']);
    // The shipped surfaces are still there, and the start-up line names the new one.
    expect((await fetch(`${server.url}/xero/connect?invite=nonsense`)).status).toBe(400);
    expect(server.logLines.find((l) => l.includes('xerofix is serving'))).toMatch(/"noop":"on"/);
  });

  it('is told when a customer’s connection breaks, through the alert outbox and the job runner', async () => {
    const customer = 'ops@noop-surface.test';
    await server.connect(customer);
    expect((await server.running.desk.probe(customer)).verdict.code).toBe('healthy');
    server.xero.setTenantMode('tenant-acme', 'forbidden');
    expect((await server.running.desk.probe(customer)).verdict.code).toBe('tenant-forbidden');
    await eventually(() => expect(noop.alerts.map((a) => a.customer)).toEqual([customer]), 8000);
    expect(noop.alerts[0]).toMatchObject({ verdict: 'tenant-forbidden' });
    const jobs = await server.running.services.store.jobs.list({ limit: 100 });
    expect(jobs.filter((j) => j.kind === alertJobKind('noop')).map((j) => j.state)).toEqual(['done']);
  });
});
