import { z } from 'zod';
import type { FeatureVector } from './features.js';
import type { RuleFeatures } from './rule-features.js';

// The fitted classifier as it is stored in the built index, and how it scores a paste. A
// multinomial logistic regression: every class (an entry, or a near-miss class such as a rate
// limit or another provider's error) has a bias and a weight per paste feature; rule features
// share one weight per kind across classes. Scores become probabilities through a softmax with
// a temperature fitted on held-out folds, so a confidence of 0.8 is right about 8 times in 10.

export const fittedModelSchema = z.object({
  version: z.literal(1),
  classes: z.array(z.string()),
  /** True for knowledge entries (which have a fix to give); false for near-miss classes. */
  answerable: z.array(z.boolean()),
  bias: z.array(z.number()),
  /** Shared weights of the rule features (see rule-features.ts). */
  rule: z.record(z.string(), z.number()),
  /** Feature -> flattened [classIndex, weight, classIndex, weight, ...]; weights near zero are dropped.
   *  Checked for shape only: tens of thousands of rows validated one by one would double the CLI's
   *  start-up, and the index is our own build output, tied to its sources by a hash. */
  weights: z.custom<Record<string, number[]>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'weights must be an object of feature rows',
  ),
  temperature: z.number().positive(),
  /** Per class, the calibrated probability needed before it is answered. */
  thresholds: z.array(z.number()),
});

export type FittedModel = z.infer<typeof fittedModelSchema>;

/** The weights as the scorer reads them: maps, since an object with tens of thousands of keys is slow to probe. */
export interface ScoringWeights {
  readonly bias: readonly number[];
  readonly rule: ReadonlyMap<string, number>;
  readonly rows: ReadonlyMap<string, readonly number[]>;
}

export function scoringWeights(w: Pick<FittedModel, 'bias' | 'rule' | 'weights'>): ScoringWeights {
  return { bias: w.bias, rule: new Map(Object.entries(w.rule)), rows: new Map(Object.entries(w.weights)) };
}

/** The paste's features the model has weights for, in the paste's order, each with its row:
 *  looked up once, then read by the scores and by the explanation (the look-ups in a map of
 *  tens of thousands of rows were the dearer half of both). */
export interface WeightedFeatures {
  readonly names: readonly string[];
  readonly values: readonly number[];
  readonly rows: ReadonlyArray<readonly number[]>;
}

export function weightedFeatures(
  model: Pick<ScoringWeights, 'rows'>,
  features: FeatureVector,
): WeightedFeatures {
  const names: string[] = [];
  const values: number[] = [];
  const rows: Array<readonly number[]> = [];
  for (const [name, value] of features) {
    const row = model.rows.get(name);
    if (!row) continue;
    names.push(name);
    values.push(value);
    rows.push(row);
  }
  return { names, values, rows };
}

/** Raw scores (logits) per class; classes in `excluded` get minus infinity (probability 0).
 *  Pure; cost is the paste's features times their stored classes. */
export function logits(
  model: ScoringWeights,
  features: FeatureVector | WeightedFeatures,
  rules: RuleFeatures,
  excluded: readonly number[] = [],
): Float64Array {
  const z = Float64Array.from(model.bias);
  const { values, rows } = features instanceof Map ? weightedFeatures(model, features) : features;
  for (let f = 0; f < rows.length; f++) {
    const row = rows[f] as readonly number[];
    const value = values[f] as number;
    for (let i = 0; i < row.length; i += 2) {
      const k = row[i] as number;
      z[k] = (z[k] as number) + value * (row[i + 1] as number);
    }
  }
  for (const [k, f] of rules) {
    let sum = 0;
    for (const [name, value] of f) sum += value * (model.rule.get(name) ?? 0);
    z[k] = (z[k] as number) + sum;
  }
  for (const k of excluded) z[k] = Number.NEGATIVE_INFINITY;
  return z;
}

/** Softmax of logits / temperature, numerically stable. `into` (not z itself) is filled and
 *  returned instead of a new array: the fit calls this once per example update. */
export function softmax(
  z: ArrayLike<number>,
  temperature = 1,
  into: Float64Array = new Float64Array(z.length),
): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) max = Math.max(max, (z[i] as number) / temperature);
  const p = into;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    p[i] = Math.exp((z[i] as number) / temperature - max);
    sum += p[i] as number;
  }
  for (let i = 0; i < z.length; i++) p[i] = (p[i] as number) / sum;
  return p;
}

/** softmax(z, temperature)[k] alone, computed with the very same operations (so the same
 *  number to the last bit) but without filling an array: calibration asks this of every
 *  held-out answer at every temperature it tries. */
export function softmaxAt(z: ArrayLike<number>, k: number, temperature = 1): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) max = Math.max(max, (z[i] as number) / temperature);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += Math.exp((z[i] as number) / temperature - max);
  return Math.exp((z[k] as number) / temperature - max) / sum;
}

/** Which paste features pushed class k up the most: the evidence an agent is shown. */
export function strongestFeatures(
  features: WeightedFeatures,
  k: number,
  limit: number,
  keep: (name: string) => boolean = () => true,
): Array<{ name: string; contribution: number }> {
  const out: Array<{ name: string; contribution: number }> = [];
  for (let f = 0; f < features.names.length; f++) {
    const name = features.names[f] as string;
    if (!keep(name)) continue;
    const row = features.rows[f] as readonly number[];
    const value = features.values[f] as number;
    for (let i = 0; i < row.length; i += 2) {
      if (row[i] === k && (row[i + 1] as number) * value > 0)
        out.push({ name, contribution: (row[i + 1] as number) * value });
    }
  }
  return out.sort((a, b) => b.contribution - a.contribution).slice(0, limit);
}
