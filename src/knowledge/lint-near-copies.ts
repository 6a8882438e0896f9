import type { LabelledExample } from '../core/knowledge-schema.js';
import { tokenize } from '../core/signals.js';
import { contentStems } from '../core/stem.js';
import type { LintFinding } from './lint.js';

// kb lint's check for two examples that say nearly the same thing under two labels: the same
// cause filed once as an entry and once as a near-miss teaches the model both, and the figure
// then counts one of them wrong whatever it answers. Exact copies are an error elsewhere; near
// copies are a warning, for a person to read and settle.
//
// Pairs are found by prefix filtering (the all-pairs similarity join of Bayardo et al.; no kept
// JavaScript library offers it): each example's words are ordered rarest first, and two sets
// whose Jaccard similarity reaches t must share a word among the first |s| - ceil(t·|s|) + 1 of
// each. Only those pairs are compared, so the check stays near linear in the examples instead of
// comparing every pair (a thousand generated articles carry tens of thousands of examples).

/** Share of distinct words two examples must have in common to be called near copies. */
export const NEAR_COPY_FROM = 0.8;
/** Shorter examples ("401 Unauthorized") share most words by nature and say little; skipped. */
const MIN_WORDS = 6;

type Example = Pick<LabelledExample, 'text' | 'label' | 'file' | 'line' | 'derived'>;

interface WordSet {
  readonly example: Example;
  /** Word ids, rarest first. */
  readonly words: readonly number[];
}

function wordSets(examples: readonly Example[]): WordSet[] {
  const stems = examples.map((ex) => [...new Set(contentStems(tokenize(ex.text.toLowerCase())))]);
  const frequency = new Map<string, number>();
  for (const s of stems) for (const w of s) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  // One global order, rarest first (ties by spelling), numbered so sets compare as sorted ids.
  const order = [...frequency.keys()].sort(
    (a, b) => (frequency.get(a) as number) - (frequency.get(b) as number) || (a < b ? -1 : 1),
  );
  const id = new Map(order.map((w, i) => [w, i]));
  return examples.map((example, i) => ({
    example,
    words: (stems[i] as string[]).map((w) => id.get(w) as number).sort((a, b) => a - b),
  }));
}

/** Jaccard similarity of two sorted id lists. */
function jaccard(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

const where = (ex: Example) => `${ex.file}${ex.line ? `:${ex.line}` : ''}`;

export function nearCopyFindings(examples: readonly Example[], from = NEAR_COPY_FROM): LintFinding[] {
  // Text derived from an article's wording (weighted) is the article's, not a claim about a paste.
  const sets = wordSets(examples.filter((ex) => !ex.derived)).filter((s) => s.words.length >= MIN_WORDS);
  const byWord = new Map<number, number[]>();
  const findings: LintFinding[] = [];
  sets.forEach((s, i) => {
    const prefix = s.words.length - Math.ceil(from * s.words.length) + 1;
    const seen = new Set<number>();
    for (const w of s.words.slice(0, prefix)) {
      for (const j of byWord.get(w) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const other = sets[j] as WordSet;
        if (other.example.label === s.example.label) continue;
        const similarity = jaccard(s.words, other.words);
        if (similarity < from) continue;
        findings.push({
          level: 'warning',
          entry: s.example.label,
          file: s.example.file,
          ...(s.example.line ? { line: s.example.line } : {}),
          message: `reads almost like an example of ${other.example.label} in ${where(other.example)} (${Math.round(similarity * 100)}% of the words shared): one of the two labels is probably wrong`,
        });
      }
      const list = byWord.get(w) ?? [];
      list.push(i);
      byWord.set(w, list);
    }
  });
  return findings;
}
