import { describe, expect, it } from 'vitest';
import { rankClasses, secondEntry } from '../../src/core/class-scores.js';
import { CANDIDATE_FROM, type DecisionRules, decide, NAME_NEAR_MISS_FROM } from '../../src/core/decide.js';

// The decision alone, from probabilities written by hand: classes 0–2 are entries, 3 is a
// near-miss class (a validation error, say) and 4 the "another provider's error" class.

const rules: DecisionRules = {
  answerable: [true, true, true, false, false],
  thresholds: [0.6, 0.6, 0.4, 1, 1],
  namesProvider: [false, false, false, false, true],
};
const decideOn = (p: number[]) => decide(p, rankClasses(p, rules.answerable), rules);

describe('ranking the classes', () => {
  it('takes the first of equals as the top class and as the best entry', () => {
    expect(rankClasses([0.3, 0.3, 0.1, 0.3, 0], rules.answerable)).toEqual({ top: 0, bestEntry: 0 });
    expect(rankClasses([0.1, 0.2, 0.2, 0.5, 0], rules.answerable)).toEqual({ top: 3, bestEntry: 1 });
  });

  it('finds no best entry and no second entry in a model without entries', () => {
    expect(rankClasses([0.4, 0.6], [false, false])).toEqual({ top: 1, bestEntry: -1 });
    expect(secondEntry([0.4, 0.6], [false, false], 1)).toBe(-1);
  });
});

describe('deciding what to do with a paste', () => {
  it('answers the top entry once it clears its own threshold, naming a runner-up worth naming', () => {
    expect(decideOn([0.65, 0.2, 0.05, 0.1, 0])).toEqual({ kind: 'answer', entry: 0, runnerUp: 1 });
    // An entry that clears a lower threshold of its own is answered though it is no majority.
    expect(decideOn([0.05, 0.05, 0.45, 0.2, 0.25])).toEqual({ kind: 'answer', entry: 2, runnerUp: -1 });
  });

  it('names no runner-up below the candidate line', () => {
    const below = CANDIDATE_FROM - 0.01;
    expect(decideOn([1 - below - 0.05, below, 0.05, 0, 0])).toMatchObject({ kind: 'answer', runnerUp: -1 });
  });

  it('declines as a near-miss class once that class is likely enough, saying whether it names a provider', () => {
    expect(decideOn([0.1, 0.1, 0, NAME_NEAR_MISS_FROM + 0.3, 0])).toEqual({
      kind: 'near-miss',
      nearMiss: 3,
      namesProvider: false,
    });
    expect(decideOn([0.1, 0.1, 0, 0, 0.8])).toEqual({ kind: 'near-miss', nearMiss: 4, namesProvider: true });
  });

  it('declines as unsure, naming the top entry, when it falls short of its threshold', () => {
    expect(decideOn([0.55, 0.3, 0.05, 0.1, 0])).toEqual({
      kind: 'unsure',
      closest: 0,
      weak: false,
      candidate: 0,
    });
  });

  it('calls it weak when a near-miss leads but too faintly to name, still naming a likely entry', () => {
    expect(decideOn([0.3, 0.1, 0.1, 0.45, 0.05])).toEqual({
      kind: 'unsure',
      closest: 0,
      weak: true,
      candidate: 0,
    });
    expect(decideOn([0.1, 0.1, 0.1, 0.4, 0.3])).toEqual({
      kind: 'unsure',
      closest: 0,
      weak: true,
      candidate: -1,
    });
  });

  it('calls it weak when no entry is likely at all, and in a model without entries', () => {
    expect(decideOn([0.12, 0.1, 0.1, 0.36, 0.32])).toEqual({
      kind: 'unsure',
      closest: 0,
      weak: true,
      candidate: -1,
    });
    const noEntries = {
      answerable: [false, false, false],
      thresholds: [1, 1, 1],
      namesProvider: [false, true, false],
    };
    const p = [0.4, 0.3, 0.3];
    expect(decide(p, rankClasses(p, noEntries.answerable), noEntries)).toEqual({
      kind: 'unsure',
      closest: -1,
      weak: true,
      candidate: -1,
    });
  });
});
