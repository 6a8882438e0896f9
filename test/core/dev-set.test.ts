import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDevSet } from '../../bench/dev-set.js';
import { shippedIndex, shippedMatcher } from '../support/knowledge.js';

// The labelled development set: realistic pastes, each entry in many renderings, and
// near-misses that must abstain. The floor only ever goes up; when the matcher improves,
// raise it in the same commit.
const ACCURACY_FLOOR = 0.99;

const set = readDevSet(fileURLToPath(new URL('../fixtures/', import.meta.url)));

describe('the labelled development set', () => {
  it('is large and varied enough to mean something', () => {
    const ids = new Set(shippedIndex().entries.map((e) => e.id));
    expect(set.length).toBeGreaterThanOrEqual(100);
    expect(new Set(set.map((p) => p.id)).size).toBe(set.length);
    for (const p of set) expect(p.entry === null || ids.has(p.entry)).toBe(true);
    expect(set.filter((p) => p.entry === null).length / set.length).toBeGreaterThanOrEqual(1 / 3);
    for (const id of ids) expect(set.filter((p) => p.entry === id).length).toBeGreaterThanOrEqual(10);
  });

  const matcher = shippedMatcher();
  const results = set.map((p) => ({ ...p, got: matcher.diagnose(p.text).entry }));
  const wrong = results
    .filter((r) => r.got !== r.entry)
    .map((r) => `${r.id}: expected ${r.entry}, got ${r.got}`);

  it(`is diagnosed correctly at least ${ACCURACY_FLOOR * 100}% of the time`, () => {
    const accuracy = 1 - wrong.length / set.length;
    expect(accuracy, wrong.join('\n')).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
  });

  it('never answers a near-miss', () => {
    const answered = results
      .filter((r) => r.entry === null && r.got !== null)
      .map((r) => `${r.id} -> ${r.got}`);
    expect(answered).toEqual([]);
  });
});
