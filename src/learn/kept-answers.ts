import type { HeldOutResult } from './cross-validate.js';

// Whether an answer survives what customers put around an error: a closing request for help, an
// e-mail's greeting, signature and disclaimer. Measured on held-out pastes the model got right:
// each is judged again as a variant (crossValidate's variantsOf), and an answer kept (or a
// near-miss still declined) counts as kept.

export interface KeptAnswers {
  /** Entry pastes answered right, and the share of (paste, variant) pairs still answered right. */
  readonly entriesRight: number;
  readonly entriesKept: number;
  /** Near-misses declined, and the share of (paste, variant) pairs still declined. */
  readonly nearMissesDeclined: number;
  readonly nearMissesKept: number;
}

export function keptAnswers(results: readonly HeldOutResult[], entryIds: ReadonlySet<string>): KeptAnswers {
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

/** The results with only the variants from..from+count (when several sets were judged at once). */
export const variantSlice = (
  results: readonly HeldOutResult[],
  from: number,
  count: number,
): HeldOutResult[] =>
  results.map((r) => ({ ...r, ...(r.variants ? { variants: r.variants.slice(from, from + count) } : {}) }));
