import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { feedbackPaste, MAX_FEEDBACK_PASTE } from '../../src/store/feedback-examples.js';
import { openStore, type Store } from '../../src/store/store.js';
import { newKey, storeTargets, type TestDatabase } from '../support/stores.js';

// The picks agents make are stored before anything reaches the knowledge folder; the same
// behaviour on SQLite and on PostgreSQL (several instances share one).

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQ';

describe.each(storeTargets())('feedback picks on $name', (target) => {
  let db: TestDatabase;
  let store: Store;
  let now = Date.parse('2025-03-14T09:00:00.000Z');

  beforeEach(async (ctx) => {
    if (target.skipReason) return ctx.skip(target.skipReason);
    db = await target.create();
    store = await openStore({ location: db.location, keyRing: parseKeyRing(newKey()), clock: () => now });
  });
  afterEach(async () => {
    if (target.skipReason) return;
    await store.close();
    await db.dispose();
  });

  const ask = (paste: string) =>
    store.lookups.add({
      surface: 'slack',
      paste,
      entry: 'xero-401-unauthorized',
      reason: null,
      confidence: 0.8,
    });

  it('keeps the pick with the paste redacted, waiting for the export', async () => {
    const q = await ask(`Authorization: Bearer ${TOKEN}\n{"Status":403,"Title":"Forbidden"}`);
    const chosen = await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'xero-403-forbidden',
      chosenBy: 'U7',
      surface: 'slack',
    });
    expect(chosen?.label).toBe('xero-403-forbidden');
    const [pending, ...rest] = await store.feedbackExamples.pendingExport();
    expect(rest).toEqual([]);
    expect(pending).toMatchObject({
      lookupId: q.id,
      label: 'xero-403-forbidden',
      chosenBy: 'U7',
      exportedAt: null,
    });
    expect(pending?.paste).toContain('"Status":403');
    expect(pending?.paste).not.toContain(TOKEN);
    expect(pending?.createdAt).toBe('2025-03-14T09:00:00.000Z');
  });

  it('lets the latest pick win, and an exported pick changed later waits to be exported again', async () => {
    const q = await ask('order 1001 did not sync');
    const first = await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'xero-other',
      chosenBy: 'U1',
      surface: 'slack',
    });
    expect(await store.feedbackExamples.markExported([first as NonNullable<typeof first>])).toBe(1);
    expect(await store.feedbackExamples.pendingExport()).toEqual([]);
    now += 60_000;
    await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'network-failure',
      chosenBy: 'U2',
      surface: 'slack',
    });
    const pending = await store.feedbackExamples.pendingExport();
    expect(pending.map((p) => [p.label, p.chosenBy])).toEqual([['network-failure', 'U2']]);
  });

  it('does not mark a pick exported when it changed after the export read it', async () => {
    const q = await ask('socket hang up');
    await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'xero-other',
      chosenBy: 'U1',
      surface: 'slack',
    });
    const [read] = await store.feedbackExamples.pendingExport();
    now += 1000;
    await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'network-failure',
      chosenBy: 'U1',
      surface: 'slack',
    });
    expect(await store.feedbackExamples.markExported([read as NonNullable<typeof read>])).toBe(0);
    expect((await store.feedbackExamples.pendingExport()).map((p) => p.label)).toEqual(['network-failure']);
  });

  it('records "none of these" as a pick with no label, which is never exported', async () => {
    const q = await ask('the invoices are a different colour');
    await store.feedbackExamples.choose({ lookupId: q.id, label: null, chosenBy: 'U1', surface: 'slack' });
    expect(await store.feedbackExamples.pendingExport()).toEqual([]);
    const byLookup = await store.feedbackExamples.forLookups([q.id, 'no-such-question']);
    expect([...byLookup.keys()]).toEqual([q.id]);
    expect(byLookup.get(q.id)?.label).toBeNull();
  });

  it('refuses a pick for a question it never stored', async () => {
    expect(
      await store.feedbackExamples.choose({
        lookupId: '00000000-0000-0000-0000-000000000000',
        label: 'xero-other',
        chosenBy: 'U1',
        surface: 'slack',
      }),
    ).toBeUndefined();
    expect(await store.feedbackExamples.pendingExport()).toEqual([]);
  });
});

describe('the paste a pick keeps', () => {
  it('is capped at 64 KB and redacted, however long the question was', () => {
    const kept = feedbackPaste(`${'log line\n'.repeat(10_000)}refresh_token=${'r'.repeat(40)}`);
    expect(MAX_FEEDBACK_PASTE).toBe(64 * 1024);
    expect(kept).toHaveLength(MAX_FEEDBACK_PASTE);
    expect(feedbackPaste(`refresh_token=${'r'.repeat(40)}`)).not.toContain('r'.repeat(40));
  });
});
