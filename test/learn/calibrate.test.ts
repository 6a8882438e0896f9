import { describe, expect, it } from 'vitest';
import {
  fitThresholds,
  type HeldOut,
  MAX_NEAR_MISS_SHARE,
  PRIOR_ANSWERS,
} from '../../src/learn/calibrate.js';

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

  describe('for an entry with few held-out answers and one with many', () => {
    // Entries 0 (A) and 1 (B), near-miss class 2. Every answer of A is right, so A alone could be
    // answered from the lowest threshold; B's top answers include 30 near-misses up to 0.9, which
    // no threshold under 0.9 may answer, so the pooled threshold is above 0.9.
    const odds = (p: number) => Math.log(p / (1 - p));
    const forA = (p: number): HeldOut => ({ logits: Float64Array.from([odds(p), -30, 0]), label: 0 });
    const forB = (p: number, label: number): HeldOut => ({
      logits: Float64Array.from([-30, odds(p), 0]),
      label,
    });
    const bAnswers = [
      ...Array.from({ length: 10 }, (_, i) => forB(0.92 + i * 0.007, 1)),
      ...Array.from({ length: 30 }, (_, i) => forB(0.55 + i * 0.0117, 2)),
    ];
    const thresholdsWith = (aAnswers: number) => {
      const a = Array.from({ length: aAnswers }, (_, i) =>
        forA(0.5 + (0.49 * i) / Math.max(1, aAnswers - 1)),
      );
      return fitThresholds([...a, ...bAnswers], [true, true, false], 1);
    };

    it('moves smoothly with the number of answers, with no jump at any count', () => {
      const a = Array.from({ length: 41 }, (_, i) => thresholdsWith(80 + i)[0] as number);
      for (let i = 1; i < a.length; i++)
        expect(Math.abs((a[i] as number) - (a[i - 1] as number))).toBeLessThan(0.01);
      // Between A's own threshold and the pooled one, the two weighing the same at PRIOR_ANSWERS.
      const atPrior = thresholdsWith(PRIOR_ANSWERS);
      expect(atPrior[0]).toBeGreaterThan(0.55);
      expect(atPrior[0]).toBeLessThan(0.75);
    });

    it('follows its own answers once it has many, and the pooled threshold while it has few', () => {
      const many = thresholdsWith(5000);
      expect(many[0]).toBeLessThan(0.4);
      const few = thresholdsWith(3);
      expect(few[0]).toBeGreaterThan(0.88);
      // B's near-misses stay unanswered whatever A does.
      const topNearMiss = 0.55 + 29 * 0.0117;
      expect(many[1]).toBeGreaterThan(topNearMiss);
      expect(few[1]).toBeGreaterThan(topNearMiss);
    });
  });
});
