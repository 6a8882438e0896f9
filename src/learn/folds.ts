// Grouped k-fold splits: every item of one group (one source thread or page) lands in the same
// fold, so near-copies from one thread never sit on both sides of a split and accuracy is not
// inflated by memorisation. Groups are spread so each fold gets a similar mix of labels.
// Deterministic: the same items (and salt) always give the same folds. A salt deals the groups
// out differently, so a figure can be repeated over several cuts to see how much of it is the cut.

export interface Groupable {
  readonly group: string;
  readonly label: string;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fold number (0..k-1) of each item. */
export function groupedFolds(items: readonly Groupable[], k: number, salt = ''): number[] {
  const groups = new Map<string, { label: string; members: number[] }>();
  items.forEach((item, i) => {
    const g = groups.get(item.group) ?? { label: item.label, members: [] };
    g.members.push(i);
    groups.set(item.group, g);
  });
  // Largest groups first, labels interleaved, each to the fold that has fewest of its label.
  const ordered = [...groups.entries()].sort(
    ([a, ga], [b, gb]) => gb.members.length - ga.members.length || hash(salt + a) - hash(salt + b),
  );
  const perFoldLabel = new Map<string, number[]>();
  const sizes = new Array<number>(k).fill(0);
  const fold = new Array<number>(items.length).fill(0);
  for (const [, g] of ordered) {
    const counts = perFoldLabel.get(g.label) ?? new Array<number>(k).fill(0);
    let best = 0;
    for (let f = 1; f < k; f++) {
      const better =
        (counts[f] as number) < (counts[best] as number) ||
        ((counts[f] as number) === (counts[best] as number) &&
          (sizes[f] as number) < (sizes[best] as number));
      if (better) best = f;
    }
    counts[best] = (counts[best] as number) + g.members.length;
    sizes[best] = (sizes[best] as number) + g.members.length;
    perFoldLabel.set(g.label, counts);
    for (const m of g.members) fold[m] = best;
  }
  return fold;
}

/** How many folds a set of items supports: k, or fewer when there are few groups. */
export function foldCount(items: readonly Groupable[], wanted: number): number {
  return Math.max(0, Math.min(wanted, new Set(items.map((i) => i.group)).size));
}
