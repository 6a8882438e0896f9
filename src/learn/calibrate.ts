import { softmax, softmaxAt } from '../core/model.js';

// Turns held-out scores into honest confidences and answer thresholds. Temperature scaling (one
// number dividing every logit, fitted by minimising the held-out log-loss) fixes most of a linear
// model's over-confidence. Thresholds are chosen per entry on the held-out probabilities: the
// lowest confidence at which answering costs less than declining, where answering a near-miss
// costs the most, answering the wrong entry next, and declining a right answer least.

export interface HeldOut {
  readonly logits: Float64Array;
  readonly label: number;
}

export const AnswerCosts = Object.freeze({
  /** A near-miss (rate limit, other provider…) answered with a fix that does not apply. */
  nearMissAnswered: 3,
  /** One entry's fix given for another entry's problem. */
  wrongEntry: 2,
  /** A right answer withheld: the agent has to look it up. */
  declined: 1,
});

/** An entry's threshold is its own best one and the pooled one, weighed by the entry's held-out
 *  answers against this many: a threshold fitted on a few dozen answers follows their noise, and
 *  pooled beat per-entry below about 100 (measured). Weighed, not switched at 100: the switch made
 *  an entry near 100 answers flip between the two with each new round of pastes (403's went 0.81,
 *  0.575, 0.788, 0.597, 0.479 over rounds eight to twelve), and inside cross-validation's smaller
 *  folds it fell on the other side of the switch from the shipped model. */
export const PRIOR_ANSWERS = 100;
const THRESHOLD_FLOOR = 0.35;
const THRESHOLD_DEFAULT = 0.5;
/** The promise the thresholds keep on held-out pastes: at most this share of near-misses (a rate
 *  limit, another provider's error…) is answered with a fix that does not apply. */
export const MAX_NEAR_MISS_SHARE = 0.015;

function logLoss(items: readonly HeldOut[], t: number): number {
  let loss = 0;
  for (const it of items) loss -= Math.log(Math.max(1e-12, softmaxAt(it.logits, it.label, t)));
  return loss / Math.max(1, items.length);
}

/** Golden-section search for the temperature with the lowest held-out log-loss. */
export function fitTemperature(items: readonly HeldOut[]): number {
  if (!items.length) return 1;
  let lo = 0.2;
  let hi = 8;
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = logLoss(items, a);
  let fb = logLoss(items, b);
  for (let i = 0; i < 25; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = logLoss(items, a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = logLoss(items, b);
    }
  }
  return Math.round(((lo + hi) / 2) * 1000) / 1000;
}

interface Scored {
  readonly p: number;
  readonly right: boolean;
  readonly nearMiss: boolean;
}

function bestThreshold(scored: readonly Scored[], nearMisses: number): number {
  const candidates = [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b);
  const allowed = Math.floor(MAX_NEAR_MISS_SHARE * nearMisses);
  let best = THRESHOLD_DEFAULT;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const t of [THRESHOLD_FLOOR, ...candidates.filter((c) => c > THRESHOLD_FLOOR)]) {
    let cost = 0;
    let nearMissesAnswered = 0;
    for (const s of scored) {
      if (s.p >= t) {
        cost += s.right ? 0 : s.nearMiss ? AnswerCosts.nearMissAnswered : AnswerCosts.wrongEntry;
        if (s.nearMiss) nearMissesAnswered++;
      } else if (s.right) cost += AnswerCosts.declined;
    }
    if (nearMissesAnswered <= allowed && cost < bestCost) {
      bestCost = cost;
      best = t;
    }
  }
  return Math.min(0.95, Math.round(best * 1000) / 1000);
}

/** Per class, the confidence needed to answer it (near-miss classes are never answered). */
export function fitThresholds(
  items: readonly HeldOut[],
  answerable: readonly boolean[],
  temperature: number,
): number[] {
  const byClass = answerable.map(() => [] as Scored[]);
  for (const it of items) {
    const p = softmax(it.logits, temperature);
    let top = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[top] as number)) top = k;
    if (!answerable[top]) continue;
    byClass[top]?.push({ p: p[top] as number, right: top === it.label, nearMiss: !answerable[it.label] });
  }
  const nearMisses = items.filter((it) => !answerable[it.label]).length;
  const pooled = bestThreshold(byClass.flat(), nearMisses);
  return answerable.map((a, k) => {
    if (!a) return 1;
    const own = byClass[k] as Scored[];
    if (!own.length) return pooled;
    const fitted = Math.max(THRESHOLD_FLOOR, bestThreshold(own, nearMisses));
    const weighed = (own.length * fitted + PRIOR_ANSWERS * pooled) / (own.length + PRIOR_ANSWERS);
    return Math.round(weighed * 1000) / 1000;
  });
}
