import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { openStore, type Store } from '../../src/store/store.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

describe.each(storeTargets())('questions, feedback, claims and cursors on $name', (target) => {
  let database: TestDatabase;
  let store: Store;
  let now = Date.parse('2026-05-01T00:00:00Z');
  const key = newKey();
  const open = () => openStore({ location: database.location, keyRing: parseKeyRing(key), clock: () => now });

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    database = await target.create();
    store = await open();
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await store.close();
    await database.dispose();
  });

  it('keeps pasted questions without the credentials pasted along with them', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';
    const saved = await store.lookups.add({
      surface: 'slack',
      paste: `Authorization: Bearer ${jwt}\n{"Status":401}`,
      entry: null,
      reason: 'no-match',
      confidence: 0.123,
    });
    const found = await store.lookups.get(saved.id);
    expect(found?.paste).not.toContain(jwt);
    expect(found?.paste).toContain('{"Status":401}');
    expect(found?.confidence).toBe(0.123);
  });

  it('lists unanswered questions newest first, leaving answered ones out', async () => {
    for (const [paste, entry] of [
      ['first gap', null],
      ['answered', 'xero-401-unauthorized'],
      ['second gap', null],
    ] as const) {
      now += 1000;
      await store.lookups.add({
        surface: 'web',
        paste,
        entry,
        reason: entry ? null : 'no-match',
        confidence: 0.2,
      });
    }
    expect((await store.lookups.unmatched()).map((l) => l.paste)).toEqual(['second gap', 'first gap']);
  });

  it('counts one vote per person per answer, the latest click winning', async () => {
    const lookup = await store.lookups.add({
      surface: 'slack',
      paste: 'p',
      entry: 'xero-401-unauthorized',
      reason: null,
      confidence: 0.9,
    });
    await store.feedback.vote({ lookupId: lookup.id, voter: 'U1', entry: lookup.entry, vote: 'up' });
    await store.feedback.vote({ lookupId: lookup.id, voter: 'U1', entry: lookup.entry, vote: 'down' });
    await store.feedback.vote({ lookupId: lookup.id, voter: 'U2', entry: lookup.entry, vote: 'up' });
    expect(await store.feedback.countsByEntry()).toEqual({ 'xero-401-unauthorized': { up: 1, down: 1 } });
    expect((await store.feedback.downVotes()).map((d) => d.paste)).toEqual(['p']);
  });

  it('grants a claim to exactly one of many concurrent callers, across two store instances', async () => {
    const other = await open();
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : other).claims.claim('slack-auto:C1:1.0', `o${i}`),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('lets a claim be given back so a later attempt can take it', async () => {
    expect(await store.claims.claim('k', 'a')).toBe(true);
    await store.claims.release('k', 'someone-else');
    expect(await store.claims.claim('k', 'b')).toBe(false);
    await store.claims.release('k', 'a');
    expect(await store.claims.claim('k', 'b')).toBe(true);
  });

  it('forgets old claims under one prefix only, and wins each key of a batch once', async () => {
    expect(await store.claims.claim('slack-request:old', 'g')).toBe(true);
    expect(await store.claims.claim('slack-auto:C1:1.0', 'g')).toBe(true);
    now += 20 * 60_000;
    const won = await store.claims.claimMany(
      ['slack-request:new', 'slack-request:new', 'slack-request:old'],
      'g',
    );
    expect([...won]).toEqual(['slack-request:new']);
    await store.claims.forgetOlderThan('slack-request:', now - 10 * 60_000);
    expect(await store.claims.isClaimed('slack-request:old')).toBe(false);
    expect(await store.claims.isClaimed('slack-request:new')).toBe(true);
    // Same age, other prefix: a thread answer's claim must outlive the replay window.
    expect(await store.claims.isClaimed('slack-auto:C1:1.0')).toBe(true);
  });

  it('moves a cursor forward only', async () => {
    await store.cursors.advance('poll', '2026-05-01T10:00:00Z');
    await store.cursors.advance('poll', '2026-05-01T09:00:00Z');
    expect(await store.cursors.get('poll')).toBe('2026-05-01T10:00:00Z');
    await store.cursors.advance('poll', '2026-05-01T11:00:00Z');
    expect(await store.cursors.get('poll')).toBe('2026-05-01T11:00:00Z');
  });
});
