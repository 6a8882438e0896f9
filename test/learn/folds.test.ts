import { describe, expect, it } from 'vitest';
import { groupedFolds } from '../../src/learn/folds.js';

// 120 items from 60 sources (two each), of three labels.
const items = Array.from({ length: 120 }, (_, i) => ({
  group: `https://example.test/thread/${Math.floor(i / 2)}`,
  label: ['a', 'b', 'c'][Math.floor(i / 2) % 3] as string,
}));

const groupsWhole = (fold: number[]) =>
  items.every((item, i) => items.every((other, j) => other.group !== item.group || fold[j] === fold[i]));

describe('grouped folds', () => {
  it('keeps every source in one fold and spreads each label over all of them', () => {
    const fold = groupedFolds(items, 5);
    expect(groupsWhole(fold)).toBe(true);
    for (const label of ['a', 'b', 'c'])
      expect(new Set(fold.filter((_, i) => items[i]?.label === label)).size).toBe(5);
  });

  it('deals the sources out differently for another salt, the same way for the same one', () => {
    const plain = groupedFolds(items, 5);
    const salted = groupedFolds(items, 5, 'cut 1');
    expect(groupedFolds(items, 5, 'cut 1')).toEqual(salted);
    expect(groupedFolds(items, 5)).toEqual(plain);
    expect(salted).not.toEqual(plain);
    expect(groupsWhole(salted)).toBe(true);
  });
});
