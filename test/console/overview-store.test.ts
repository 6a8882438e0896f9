import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import type { Surface } from '../../src/store/lookups.js';
import { openStore, type Store } from '../../src/store/store.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// The overview's numbers come from these queries; each must give the same answer on SQLite and
// PostgreSQL. Records are seeded through the store's own methods, on days set by the clock.

const TICKET_JOB = 'freshdesk-open-ticket';
const DAY1 = '2026-05-01';
const DAY2 = '2026-05-02';
const at = (day: string, time = '10:00:00') => Date.parse(`${day}T${time}Z`);

describe.each(storeTargets())('overview queries on $name', (target) => {
  let database: TestDatabase;
  let store: Store;
  let now = at(DAY1);

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    database = await target.create();
    store = await openStore({
      location: database.location,
      keyRing: parseKeyRing(newKey()),
      clock: () => now,
    });
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await store.close();
    await database.dispose();
  });

  const ask = async (day: string, surface: Surface, entry: string | null, paste = 'a pasted error') => {
    now = at(day);
    return store.lookups.add({
      surface,
      paste,
      entry,
      reason: entry ? null : 'no-match',
      confidence: entry ? 0.9 : 0.2,
    });
  };
  const ticket = async (day: string, lookupId: string | null, submission: string) => {
    now = at(day, '11:00:00');
    await store.jobs.enqueue({
      kind: TICKET_JOB,
      dedupeKey: `${TICKET_JOB}:${submission}`,
      payload: { lookupId, email: 'a@b.test' },
    });
  };

  it('counts each question once per day as answered, declined or escalated', async () => {
    const old = await ask('2026-04-20', 'slack', null);
    await ask(DAY1, 'slack', 'xero-401-unauthorized');
    await ask(DAY1, 'freshdesk', 'xero-401-unauthorized');
    const ticketed = await ask(DAY1, 'slack', 'xero-403-forbidden');
    await ask(DAY1, 'web', null);
    await ask(DAY1, 'cli', 'xero-401-unauthorized'); // `ticket open` from the CLI
    await ticket(DAY1, ticketed.id, 'view-1');
    await ticket(DAY2, ticketed.id, 'view-2'); // the same question again: still one
    const declinedThenTicketed = await ask(DAY2, 'slack', null);
    await ask(DAY2, 'web', null);
    await ask(DAY2, 'slack', 'xero-403-forbidden');
    await ticket(DAY2, declinedThenTicketed.id, 'view-3');
    await ticket(DAY2, null, 'view-4'); // a ticket with no question pasted
    await ticket(DAY2, old.id, 'view-5'); // asked before the window, escalated inside it
    now = at(DAY2);
    await store.jobs.enqueue({ kind: 'slack-work', dedupeKey: 'other', payload: { lookupId: old.id } });

    expect(await store.lookups.outcomesByDay(`${DAY1}T00:00:00.000Z`, TICKET_JOB)).toEqual([
      { day: DAY1, answered: 2, declined: 1, escalated: 2 },
      { day: DAY2, answered: 1, declined: 1, escalated: 3 },
    ]);
  });

  it('ranks the entries that answered most questions in the window', async () => {
    await ask('2026-04-01', 'slack', 'xero-500-cannot-connect');
    await ask('2026-04-01', 'slack', 'xero-500-cannot-connect');
    await ask(DAY1, 'slack', 'xero-403-forbidden');
    await ask(DAY1, 'web', 'xero-401-unauthorized');
    await ask(DAY2, 'slack', 'xero-401-unauthorized');
    await ask(DAY2, 'slack', null);
    expect(await store.lookups.topEntries(`${DAY1}T00:00:00.000Z`)).toEqual([
      { entry: 'xero-401-unauthorized', count: 2 },
      { entry: 'xero-403-forbidden', count: 1 },
    ]);
    expect(await store.lookups.topEntries(`${DAY1}T00:00:00.000Z`, 1)).toHaveLength(1);
  });

  it('sums 👍 and 👎 in the window, overall and per entry', async () => {
    const a = await ask(DAY1, 'slack', 'xero-401-unauthorized');
    const b = await ask(DAY1, 'slack', null);
    now = at('2026-04-01');
    await store.feedback.vote({ lookupId: a.id, voter: 'u0', entry: a.entry, vote: 'down' });
    now = at(DAY1);
    await store.feedback.vote({ lookupId: a.id, voter: 'u1', entry: a.entry, vote: 'up' });
    await store.feedback.vote({ lookupId: a.id, voter: 'u2', entry: a.entry, vote: 'up' });
    await store.feedback.vote({ lookupId: a.id, voter: 'u3', entry: a.entry, vote: 'down' });
    await store.feedback.vote({ lookupId: b.id, voter: 'u1', entry: null, vote: 'down' });
    expect(await store.feedback.votesSince(`${DAY1}T00:00:00.000Z`)).toEqual({
      total: { up: 2, down: 2 },
      byEntry: { 'xero-401-unauthorized': { up: 2, down: 1 } },
    });
  });

  it('counts connections per day by their worst probe that day, and the days they broke or recovered', async () => {
    const run = (
      customer: string,
      verdict: string,
      day: string,
      time: string,
      connectionId: string | null = `c-${customer}`,
    ) =>
      store.probeRuns.add({
        connectionId,
        customerKey: customer,
        verdict,
        entry: null,
        checks: [],
        startedAt: at(day, time),
        durationMs: 4,
      });
    await run('a', 'healthy', '2026-04-01', '09:00:00'); // before the window
    await run('a', 'healthy', DAY1, '09:00:00');
    await run('a', 'refresh-token-invalid', DAY1, '12:00:00');
    await run('b', 'healthy', DAY1, '09:00:00');
    await run('b', 'healthy', DAY1, '13:00:00');
    await run('c', 'xero-unavailable', DAY1, '09:00:00');
    await run('c', 'healthy', DAY1, '10:00:00');
    await run('nobody', 'not-connected', DAY1, '09:00:00', null);
    await run('a', 'healthy', DAY2, '09:00:00');
    const classes = { healthy: ['healthy'], broken: ['refresh-token-invalid', 'tenant-forbidden'] };
    expect(await store.probeRuns.healthByDay(`${DAY1}T00:00:00.000Z`, classes)).toEqual([
      { day: DAY1, healthy: 1, broken: 1, unclear: 1 },
      { day: DAY2, healthy: 1, broken: 0, unclear: 0 },
    ]);

    const event = (kind: 'became-broken' | 'became-healthy' | 'connected', day: string) => {
      now = at(day);
      return store.events.add({ connectionId: 'c-a', customerKey: 'a', kind, verdict: 'x', entry: null });
    };
    await event('became-broken', '2026-04-01');
    await event('connected', DAY1);
    await event('became-broken', DAY1);
    await event('became-broken', DAY1);
    await event('became-healthy', DAY2);
    expect(await store.events.healthChangesByDay(`${DAY1}T00:00:00.000Z`)).toEqual([
      { day: DAY1, broke: 2, recovered: 0 },
      { day: DAY2, broke: 0, recovered: 1 },
    ]);
  });

  it('keeps a gap turned into an article out of the open gaps, linked to its entry', async () => {
    const first = await ask(DAY1, 'slack', null, 'invoices will not sync');
    const second = await ask(DAY2, 'cli', null, 'payroll export fails');
    const answered = await ask(DAY2, 'web', 'xero-401-unauthorized');
    expect(await store.lookups.openGapCountsBySurface()).toEqual({ slack: 1, cli: 1 });

    expect(
      await store.lookups.markTurnedIntoArticle({ lookupId: answered.id, entry: 'xero-403-forbidden' }),
    ).toBe(false);
    expect(
      await store.lookups.markTurnedIntoArticle({ lookupId: 'no-such-id', entry: 'xero-403-forbidden' }),
    ).toBe(false);
    now = at(DAY2, '12:00:00');
    expect(
      await store.lookups.markTurnedIntoArticle({
        lookupId: first.id,
        entry: 'xero-403-forbidden',
        markedBy: 'console',
      }),
    ).toBe(true);
    // Marking again moves the link rather than adding a second one.
    now = at(DAY2, '13:00:00');
    expect(
      await store.lookups.markTurnedIntoArticle({ lookupId: first.id, entry: 'xero-401-unauthorized' }),
    ).toBe(true);

    expect((await store.lookups.openGaps()).map((g) => g.paste)).toEqual(['payroll export fails']);
    expect(await store.lookups.openGapCountsBySurface()).toEqual({ cli: 1 });
    const done = await store.lookups.gapsTurnedIntoArticles();
    expect(done).toHaveLength(1);
    expect(done[0]?.id).toBe(first.id);
    expect(done[0]?.article).toEqual({
      entry: 'xero-401-unauthorized',
      markedBy: null,
      markedAt: '2026-05-02T13:00:00.000Z',
    });
    // The older question list is unchanged: it still names every unanswered question.
    expect((await store.lookups.unmatched()).map((l) => l.id)).toEqual([second.id, first.id]);
  });
});
