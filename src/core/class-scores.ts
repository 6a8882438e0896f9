import { logits, softmax, type WeightedFeatures, weightedFeatures } from './model.js';
import type { PreparedIndex } from './prepared-index.js';
import type { PasteVector } from './vectorize.js';

// From a vectorised paste to a calibrated probability per class, and which classes lead. The
// weighted features are kept beside the probabilities: the evidence shown for a class is read
// from the same rows that scored it.

export interface ClassScores {
  /** The paste's features the model has weights for, with their rows. */
  readonly weighted: WeightedFeatures;
  /** Per class (the model's order), the calibrated probability; they sum to 1. */
  readonly p: Float64Array;
}

export function scoreClasses(prepared: PreparedIndex, v: PasteVector): ClassScores {
  const weighted = weightedFeatures(prepared.weights, v.features);
  const z = logits(prepared.weights, weighted, v.rules, v.excluded);
  return { weighted, p: softmax(z, prepared.temperature) };
}

export interface Ranking {
  /** The most likely class (the first of equals). */
  readonly top: number;
  /** The most likely entry (the first of equals), or -1 when the model has no entry. */
  readonly bestEntry: number;
}

export function rankClasses(p: ArrayLike<number>, answerable: readonly boolean[]): Ranking {
  let top = 0;
  let bestEntry = -1;
  for (let k = 0; k < answerable.length; k++) {
    if ((p[k] as number) > (p[top] as number)) top = k;
    if (answerable[k] && (bestEntry < 0 || (p[k] as number) > (p[bestEntry] as number))) bestEntry = k;
  }
  return { top, bestEntry };
}

/** The most likely entry other than `top` (the first of equals), or -1 when there is none. */
export function secondEntry(p: ArrayLike<number>, answerable: readonly boolean[], top: number): number {
  let second = -1;
  for (let k = 0; k < answerable.length; k++)
    if (k !== top && answerable[k] && (second < 0 || (p[k] as number) > (p[second] as number))) second = k;
  return second;
}
