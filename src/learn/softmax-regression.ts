import type { FeatureVector } from '../core/features.js';
import { logits, softmax } from '../core/model.js';
import type { RuleFeatures } from '../core/rule-features.js';

// Fits the multinomial logistic regression of core/model.ts by stochastic gradient descent with
// L2 regularisation. Written here rather than taken from a library: the JavaScript options
// (ml-logistic-regression, natural) are dense one-vs-rest fits over a numeric matrix, with no
// sparse string features, no shared per-kind weights and no sample weights, and natural pulls in
// database drivers. This is the textbook algorithm in ~100 lines, deterministic for a given
// input order and seed, so a build is reproducible.

export interface TrainingExample {
  readonly features: FeatureVector;
  readonly rules: RuleFeatures;
  readonly label: number;
  /** How much this example counts (classes are balanced through it). */
  readonly weight: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty on every weight. */
  readonly l2: number;
  readonly seed: number;
}

export const TrainDefaults: TrainOptions = Object.freeze({
  epochs: 30,
  learningRate: 0.5,
  l2: 1e-3,
  seed: 7,
});

export interface TrainedWeights {
  readonly bias: number[];
  readonly rule: Record<string, number>;
  readonly weights: Record<string, number[]>;
}

/** Weights smaller than this are not stored: they change no decision and bloat the index. */
const PRUNE_BELOW = 2e-3;
/** Gradient terms smaller than this are skipped, which keeps a fit over 1,000 classes sparse. */
const SKIP_GRADIENT = 1e-5;

function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export function trainSoftmax(
  examples: readonly TrainingExample[],
  classCount: number,
  options: TrainOptions = TrainDefaults,
): TrainedWeights {
  const bias = new Float64Array(classCount);
  const rule = new Map<string, number>();
  // Dense rows while fitting (one number per class); pruned to sparse pairs when stored. Each
  // example's rows are looked up once, so the inner loops run over typed arrays only.
  const dense = new Map<string, Float64Array>();
  const prepared = examples.map((ex) => {
    const rows: Float64Array[] = [];
    const values: number[] = [];
    for (const [name, value] of ex.features) {
      let row = dense.get(name);
      if (!row) {
        row = new Float64Array(classCount);
        dense.set(name, row);
      }
      rows.push(row);
      values.push(value);
    }
    return { rows, values: Float64Array.from(values) };
  });
  const z = new Float64Array(classCount);
  let step = 0;
  const total = Math.max(1, examples.length * options.epochs);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const i of shuffled(examples.length, options.seed + epoch)) {
      const ex = examples[i] as TrainingExample;
      const { rows, values } = prepared[i] as { rows: Float64Array[]; values: Float64Array };
      const rate = options.learningRate * (1 - (0.9 * step) / total);
      step++;
      z.set(bias);
      for (let j = 0; j < rows.length; j++) {
        const row = rows[j] as Float64Array;
        const value = values[j] as number;
        for (let k = 0; k < classCount; k++) z[k] = (z[k] as number) + value * (row[k] as number);
      }
      for (const [k, f] of ex.rules) {
        for (const [name, value] of f) z[k] = (z[k] as number) + value * (rule.get(name) ?? 0);
      }
      const p = softmax(z);
      const decay = 1 - rate * options.l2;
      for (let k = 0; k < classCount; k++) {
        const g = ((p[k] as number) - (k === ex.label ? 1 : 0)) * ex.weight;
        if (Math.abs(g) < SKIP_GRADIENT) continue;
        bias[k] = (bias[k] as number) - rate * g;
        for (let j = 0; j < rows.length; j++) {
          const row = rows[j] as Float64Array;
          row[k] = (row[k] as number) * decay - rate * g * (values[j] as number);
        }
        const f = ex.rules.get(k);
        if (f)
          for (const [name, value] of f) rule.set(name, (rule.get(name) ?? 0) * decay - rate * g * value);
      }
    }
  }
  const round = (w: number) => Math.round(w * 1e4) / 1e4;
  const weights: Record<string, number[]> = {};
  for (const [name, row] of dense) {
    const flat: number[] = [];
    for (let k = 0; k < classCount; k++) {
      const w = row[k] as number;
      if (Math.abs(w) >= PRUNE_BELOW) flat.push(k, round(w));
    }
    if (flat.length) weights[name] = flat;
  }
  return {
    bias: Array.from(bias, round),
    rule: Object.fromEntries([...rule].map(([name, w]) => [name, round(w)])),
    weights,
  };
}

/** Logits of an example under trained weights (used for held-out scoring). */
export function exampleLogits(
  w: TrainedWeights,
  ex: Pick<TrainingExample, 'features' | 'rules'>,
): Float64Array {
  return logits(w, ex.features, ex.rules);
}
