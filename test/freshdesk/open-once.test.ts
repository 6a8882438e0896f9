import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFreshdeskClient, type FreshdeskClient } from '../../src/freshdesk/client.js';
import { openTicketOnce } from '../../src/freshdesk/open-once.js';
import { referenceTag } from '../../src/freshdesk/reference-tag.js';
import type { JobContext } from '../../src/jobs/runner.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';

// The reconciling create on its own, against the fake Freshdesk through the real client: a
// retry that finds "creating ref X" in its progress looks for X before creating anything.

const JOB = { dedupeKey: 'freshdesk-open-ticket:slack-view:V42:U1' };
const REF = referenceTag(JOB.dedupeKey);

let fd: FakeFreshdesk;
let client: FreshdeskClient;

beforeEach(async () => {
  fd = await startFakeFreshdesk();
  client = createFreshdeskClient({
    baseUrl: fd.url,
    apiKey: fd.apiKey,
    timeoutMs: 2000,
    sleep: async () => {},
  });
});

afterEach(async () => {
  await fd.close();
});

/** Progress as the runner keeps it, in memory: what an earlier attempt left behind. */
function context(progress: Record<string, unknown> = {}): JobContext & { saved: Record<string, unknown>[] } {
  const saved: Record<string, unknown>[] = [];
  return {
    progress,
    saved,
    saveProgress: async (patch) => {
      Object.assign(progress, patch);
      saved.push({ ...patch });
    },
  };
}

const open = (ctx: JobContext, email = 'ops@acme.test') =>
  openTicketOnce({ client, baseUrl: fd.url, clock: Date.now }, JOB, ctx, {
    email,
    draft: async () => ({ email, subject: 'Orders stopped', note: 'Customer says orders stopped.' }),
  });

const anEarlierAttempt = () => ({ creating: { ref: REF, since: '2020-01-01T00:00:00Z' } });
const creates = () => fd.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/tickets');

describe('opening a ticket once per job', () => {
  it('notes the reference before creating, and tags the ticket with it', async () => {
    const ctx = context();
    const opened = await open(ctx);
    expect(ctx.saved[0]).toEqual({ creating: { ref: REF, since: expect.any(String) } });
    expect(fd.state.tickets.get(opened.id)?.tags).toContain(REF);
    expect(REF).toMatch(/^xfref-[0-9a-f]{24}$/);
    expect(REF.length).toBeLessThanOrEqual(32);
  });

  it('reuses a ticket the earlier attempt created, found among the requester’s tickets', async () => {
    const earlier = fd.state.addTicket({
      subject: 'Orders stopped',
      description: '<p>x</p>',
      email: 'ops@acme.test',
      tags: ['xerofix', REF],
    });
    fd.setSearchLag(60 * 60_000);
    const opened = await open(context(anEarlierAttempt()));
    expect(opened.id).toBe(earlier.id);
    expect(opened.url).toBe(`${fd.url}/a/tickets/${earlier.id}`);
    expect(creates()).toHaveLength(0);
  });

  it('reuses it through search when Freshdesk filed it under another contact', async () => {
    // The contact was merged: the address the job knows has no tickets (and no contact) now.
    const earlier = fd.state.addTicket({
      subject: 'Orders stopped',
      description: '<p>x</p>',
      email: 'merged@acme.test',
      tags: [REF],
    });
    const opened = await open(context(anEarlierAttempt()), 'ops@acme.test');
    expect(opened.id).toBe(earlier.id);
    expect(creates()).toHaveLength(0);
  });

  it('creates the ticket when the earlier attempt died before Freshdesk had it', async () => {
    fd.state.addTicket({
      subject: 'Someone else',
      description: '<p>x</p>',
      email: 'ops@acme.test',
      tags: ['xfref-000000000000000000000000'],
    });
    const ctx = context(anEarlierAttempt());
    const opened = await open(ctx);
    expect(creates()).toHaveLength(1);
    expect(fd.state.tickets.get(opened.id)?.tags).toContain(REF);
    // The first attempt's window is kept, so a third attempt still looks back far enough.
    expect((ctx.progress.creating as { since: string }).since).toBe('2020-01-01T00:00:00Z');
  });

  it('asks Freshdesk nothing once the ticket is recorded', async () => {
    const ticket = { id: 7, url: `${fd.url}/a/tickets/7` };
    expect(await open(context({ ticket }))).toEqual(ticket);
    expect(fd.requests).toHaveLength(0);
  });
});
