import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedEntry, readDevSet } from '../../bench/dev-set.js';
import { shippedIndex, shippedMatcher } from '../support/knowledge.js';

// The labelled development set: pastes written for this project, each entry in many renderings
// (escaped, curly-quoted, Ruby, HTML…), and near-misses. It is a regression test of the signals
// and renderings, not the accuracy figure: that is the cross-validated one on real pastes
// (test/core/real-pastes.shipped.test.ts, npm run eval). The model never trains on this set.
// The floors follow the thresholds fitted on the real pastes, which move with every round of them
// (the 403 entry's own threshold went 0.81, 0.575, 0.788, 0.597 over rounds eight to eleven; five
// calibration cuts of the same pastes move the 401 one from 0.61 to 0.73 and this set from 92.7%
// to 94.9%). Measured on this set over rounds seven to eleven: 93.2% to 95.9% overall, 96.8% to
// 98.7% of renderings, the misses declines of free-text descriptions but for a near-miss or two
// answered. Since round twelve an entry's threshold weighs its own against the pooled one, which
// moves less: 94.3% both before and after round twelve (21 of 370 miss); renderings 151 of 154.
// Round thirteen's near-misses that answer 403 raised that entry's threshold (0.626 -> 0.743) and
// took this set to 92.7%; since articles' own examples weigh 3, 94.1% (22 miss), renderings 150.
const ACCURACY_FLOOR = 0.935;
const RENDERINGS_FLOOR = 0.97;
/** Share of the set's near-misses that may be answered (everyday data questions read like symptoms). */
const NEAR_MISSES_ANSWERED_CEILING = 0.02;

const ids = new Set(shippedIndex().entries.map((e) => e.id));
// A near-miss class that has become an article (rate limits) is expected to be answered by it.
const set = readDevSet(fileURLToPath(new URL('../fixtures/', import.meta.url))).map((p) => ({
  ...p,
  entry: expectedEntry(p, ids),
}));

describe('the labelled development set', () => {
  it('is large and varied enough to mean something', () => {
    expect(set.length).toBeGreaterThanOrEqual(100);
    expect(new Set(set.map((p) => p.id)).size).toBe(set.length);
    for (const p of set) expect(p.entry === null || ids.has(p.entry)).toBe(true);
    expect(set.filter((p) => p.entry === null).length / set.length).toBeGreaterThanOrEqual(1 / 3);
    // Every entry the set was written for (its own labels, not a class turned article) is varied.
    const written = new Set(set.filter((p) => !p.class).flatMap((p) => (p.entry ? [p.entry] : [])));
    for (const id of written) expect(set.filter((p) => p.entry === id).length).toBeGreaterThanOrEqual(10);
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

  it('reads every rendering of a payload the way it reads the plain one', () => {
    const renderings = results.filter((r) => r.kind === 'rendering');
    const right = renderings.filter((r) => r.got === r.entry).length;
    expect(right / renderings.length, wrong.join('\n')).toBeGreaterThanOrEqual(RENDERINGS_FLOOR);
  });

  it('almost never answers a near-miss', () => {
    const nearMisses = results.filter((r) => r.entry === null);
    const answered = nearMisses.filter((r) => r.got !== null).map((r) => `${r.id} -> ${r.got}`);
    expect(answered.length / nearMisses.length, answered.join('\n')).toBeLessThanOrEqual(
      NEAR_MISSES_ANSWERED_CEILING,
    );
  });
});
