import { describe, expect, it } from 'vitest';
import { fitThresholds, type HeldOut, MAX_NEAR_MISS_SHARE } from '../../src/learn/calibrate.js';

// Two classes: 0 is an entry, 1 a near-miss class. Held-out logits chosen so the entry's
// probability is known: log-odds z gives p = 1 / (1 + e^-z).
const item = (pEntry: number, label: number): HeldOut => ({
  logits: Float64Array.from([Math.log(pEntry / (1 - pEntry)), 0]),
  label,
});

describe('answer thresholds fitted on held-out pastes', () => {
  it('keeps near-misses answered within the promised share even when answering them is cheap', () => {
    const items: HeldOut[] = [];
    // 60 right answers spread over 0.55..0.99, and 8 near-misses the model scores 0.6..0.8 for
    // the entry: declining the right answers below 0.8 costs more than answering those few, so a
    // cost-only threshold would answer them.
    for (let i = 0; i < 60; i++) items.push(item(0.55 + (0.44 * i) / 59, 0));
    for (let i = 0; i < 8; i++) items.push(item(0.6 + (0.2 * i) / 7, 1));
    const [threshold] = fitThresholds(items, [true, false], 1);
    const answered = items.filter(
      (it) => it.label === 1 && 1 / (1 + Math.exp(-(it.logits[0] as number))) >= (threshold as number),
    );
    // 1.5% of 8 near-misses rounds down to none.
    expect(Math.floor(MAX_NEAR_MISS_SHARE * 8)).toBe(0);
    expect(answered).toEqual([]);
    // ...and no higher than needed: the right answers above every near-miss are still given.
    expect(threshold).toBeLessThanOrEqual(0.81);
  });

  it('never answers a near-miss class', () => {
    expect(fitThresholds([item(0.9, 0), item(0.2, 1)], [true, false], 1)[1]).toBe(1);
  });
});
