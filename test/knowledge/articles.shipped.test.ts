import { describe, expect, it } from 'vitest';
import { entryForVerdict, VERDICT_CODES } from '../../src/core/verdict-codes.js';
import { lintIndex } from '../../src/knowledge/lint.js';
import { shippedIndex } from '../support/knowledge.js';

// Shipped knowledge: what the articles in knowledge/ declare. These tests change when the
// articles do; how articles are read and checked is tested on inline articles in build.test.ts
// and confirmed-by.test.ts.

describe('the shipped articles', () => {
  it('ships the three entries the seed article describes, each with steps and a source', () => {
    const seed = shippedIndex().entries.filter((e) => e.file?.endsWith('xero-connection-broken.md'));
    expect(seed.map((e) => e.id)).toEqual([
      'xero-401-unauthorized',
      'xero-403-forbidden',
      'xero-500-cannot-connect',
    ]);
    for (const e of seed) {
      expect(e.steps.length).toBeGreaterThanOrEqual(3);
      expect(e.causes.length).toBeGreaterThanOrEqual(2);
      expect(e.ifFails.length).toBeGreaterThanOrEqual(1);
      expect(e.prevention).not.toBe('');
      expect(e.source).toMatch(/^https:\/\//);
    }
  });

  it('the seed article says which verdicts confirm its entries, and no entry claims a healthy one', () => {
    const entryFor = entryForVerdict(shippedIndex().entries);
    expect(entryFor('refresh-token-invalid')).toBe('xero-401-unauthorized');
    expect(entryFor('tenant-disconnected')).toBe('xero-401-unauthorized');
    expect(entryFor('client-credentials-invalid')).toBe('xero-403-forbidden');
    expect(entryFor('tenant-forbidden')).toBe('xero-403-forbidden');
    for (const code of ['healthy', 'access-token-expired', 'not-connected'] as const)
      expect(entryFor(code)).toBeNull();
    // Whatever else ships, every verdict an entry claims is one the probe can reach.
    for (const e of shippedIndex().entries) for (const c of e.confirmedBy) expect(VERDICT_CODES).toContain(c);
  });

  it('the seed article’s entries carry their kind, escalation and decline title', () => {
    for (const e of shippedIndex().entries.filter((x) => x.file?.endsWith('xero-connection-broken.md'))) {
      expect(e.kind).toBe('connection-broken');
      expect(e.escalation).toMatch(/Xero-Correlation-Id/);
      expect(e.notApplicableTitle).toBe('Not a broken Xero connection');
    }
  });

  it('lint passes the shipped knowledge base', () => {
    expect(lintIndex(shippedIndex()).filter((f) => f.level === 'error')).toEqual([]);
  });
});
