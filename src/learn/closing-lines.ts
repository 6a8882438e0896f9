import type { HeldOutResult } from './cross-validate.js';

// Whether asking for help changes the answer. Every ticket ends by asking something ("what do I
// do?", "any ideas?"); the answer to the error above it must not depend on how the customer asks.
// Measured on held-out pastes the model got right: each is judged again with a closing line
// added, and an answer kept (or a near-miss still declined) counts as kept.

/** Lines of a closing-lines file: one per line, '#' starts a comment. */
export function readClosingLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The paste with each closing line added on a line of its own. */
export const withClosingLines =
  (lines: readonly string[]) =>
  (text: string): string[] =>
    lines.map((line) => `${text}\n${line}`);

export interface ClosingLineFigures {
  /** Entry pastes answered right, and the share of (paste, line) pairs still answered right. */
  readonly entriesRight: number;
  readonly entriesKept: number;
  /** Near-misses declined, and the share of (paste, line) pairs still declined. */
  readonly nearMissesDeclined: number;
  readonly nearMissesKept: number;
}

export function closingLineFigures(
  results: readonly HeldOutResult[],
  entryIds: ReadonlySet<string>,
): ClosingLineFigures {
  let entriesRight = 0;
  let entryPairs = 0;
  let entryKept = 0;
  let nearMissesDeclined = 0;
  let nearMissPairs = 0;
  let nearMissKept = 0;
  for (const r of results) {
    const gold = entryIds.has(r.example.label) ? r.example.label : null;
    if (r.diagnosis.entry !== gold || !r.variants) continue;
    const kept = r.variants.filter((d) => d.entry === gold).length;
    if (gold) {
      entriesRight++;
      entryPairs += r.variants.length;
      entryKept += kept;
    } else {
      nearMissesDeclined++;
      nearMissPairs += r.variants.length;
      nearMissKept += kept;
    }
  }
  return {
    entriesRight,
    entriesKept: entryPairs ? entryKept / entryPairs : 1,
    nearMissesDeclined,
    nearMissesKept: nearMissPairs ? nearMissKept / nearMissPairs : 1,
  };
}
