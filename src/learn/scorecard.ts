import type { LabelledExample } from '../core/knowledge-schema.js';
import type { Diagnosis } from '../core/types.js';

// Figures of a set of diagnoses against their labels: accuracy overall and per label,
// near-misses answered, wrong-entry answers, a confusion matrix and the expected calibration
// error. An item labelled with a near-miss class is right when xerofix declines it.

export interface Judged {
  readonly example: Pick<LabelledExample, 'label' | 'text' | 'source'>;
  readonly diagnosis: Diagnosis;
}

export interface Scorecard {
  readonly items: number;
  readonly accuracy: number;
  readonly perLabel: Record<string, { items: number; accuracy: number }>;
  readonly nearMisses: number;
  readonly nearMissesAnswered: number;
  readonly entryItems: number;
  readonly wrongEntry: number;
  /** confusion[gold][predicted], gold and predicted being entry ids or "near-miss" / "declined". */
  readonly confusion: Record<string, Record<string, number>>;
  /** Expected calibration error of the answers given (10 equal-width bins). */
  readonly eceAnswers: number;
  /** The same over every item, for the class each diagnosis points to. */
  readonly eceAll: number;
}

export const NEAR_MISS = 'near-miss';
export const DECLINED = 'declined';

function ece(points: ReadonlyArray<{ confidence: number; right: boolean }>): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, right: 0 }));
  for (const p of points) {
    const b = bins[Math.min(9, Math.floor(p.confidence * 10))] as { n: number; conf: number; right: number };
    b.n++;
    b.conf += p.confidence;
    b.right += p.right ? 1 : 0;
  }
  const n = points.length || 1;
  return bins.reduce((sum, b) => (b.n ? sum + (b.n / n) * Math.abs(b.right / b.n - b.conf / b.n) : sum), 0);
}

export function scorecard(judged: readonly Judged[], entryIds: ReadonlySet<string>): Scorecard {
  const perLabel: Record<string, { items: number; right: number }> = {};
  const confusion: Record<string, Record<string, number>> = {};
  let right = 0;
  let nearMisses = 0;
  let nearMissesAnswered = 0;
  let entryItems = 0;
  let wrongEntry = 0;
  const answers: Array<{ confidence: number; right: boolean }> = [];
  const all: Array<{ confidence: number; right: boolean }> = [];
  for (const { example, diagnosis: d } of judged) {
    const isEntry = entryIds.has(example.label);
    const gold = isEntry ? example.label : null;
    const ok = d.entry === gold;
    if (ok) right++;
    const row = perLabel[example.label] ?? { items: 0, right: 0 };
    row.items++;
    if (ok) row.right++;
    perLabel[example.label] = row;
    const g = gold ?? NEAR_MISS;
    const p = d.entry ?? DECLINED;
    confusion[g] = { ...(confusion[g] ?? {}), [p]: (confusion[g]?.[p] ?? 0) + 1 };
    if (!isEntry) {
      nearMisses++;
      if (d.entry !== null) nearMissesAnswered++;
    } else {
      entryItems++;
      if (d.entry !== null && d.entry !== gold) wrongEntry++;
    }
    if (d.entry !== null) answers.push({ confidence: d.confidence, right: ok });
    // The class a diagnosis points to: its entry, its candidate, or a near-miss class.
    const pointed =
      d.kind === 'match'
        ? d.entry
        : (d.candidate?.id ??
          (d.reason === 'not-covered' || d.reason === 'other-provider' ? NEAR_MISS : null));
    if (pointed !== null && d.kind !== 'abstain') all.push({ confidence: d.confidence, right: ok });
    else if (pointed === NEAR_MISS) all.push({ confidence: d.confidence, right: !isEntry });
    else if (pointed !== null) all.push({ confidence: d.confidence, right: pointed === gold });
  }
  const rate = (a: number, b: number) => (b ? a / b : 0);
  return {
    items: judged.length,
    accuracy: rate(right, judged.length),
    perLabel: Object.fromEntries(
      Object.entries(perLabel).map(([l, r]) => [l, { items: r.items, accuracy: rate(r.right, r.items) }]),
    ),
    nearMisses,
    nearMissesAnswered,
    entryItems,
    wrongEntry,
    confusion,
    eceAnswers: ece(answers),
    eceAll: ece(all),
  };
}
