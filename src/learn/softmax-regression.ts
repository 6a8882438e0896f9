import type { FeatureVector } from '../core/features.js';
import { logits, scoringWeights, softmax } from '../core/model.js';
import type { RuleFeatures } from '../core/rule-features.js';
import { DENSE_UP_TO, newWeightRow, type Row } from './weight-rows.js';

// Fits the multinomial logistic regression of core/model.ts by stochastic gradient descent with
// L2 regularisation. Written here rather than taken from a library: the JavaScript options
// (ml-logistic-regression, natural) are dense one-vs-rest fits over a numeric matrix, with no
// sparse string features, no shared per-kind weights and no sample weights, and natural pulls in
// database drivers. This is the textbook algorithm, deterministic for a given input order and
// seed, so a build is reproducible. With many classes (a thousand articles) each feature keeps
// weights only for the classes it was updated for, and an update touches only the classes the
// model still finds plausible, so a fit stays linear in examples times features.

export interface TrainingExample {
  readonly features: FeatureVector;
  readonly rules: RuleFeatures;
  readonly label: number;
  /** How much this example counts (classes are balanced through it). */
  readonly weight: number;
  /** Classes this example cannot be (see PasteVector.excluded); never its label. */
  readonly excluded?: readonly number[];
}

export interface TrainOptions {
  /** Passes over the examples (fewer for large sets, which get more updates per pass). */
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
const PRUNE_BELOW = 1e-2;
/** Gradient terms smaller than this change nothing worth the time. */
const SKIP_GRADIENT = 1e-5;
/** About this many example updates are enough for a fit; more examples get fewer passes. */
const UPDATES = 18_000;
const MIN_EPOCHS = 6;

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
  // Rule feature names are few ("status+", "pattern+"…): numbered once, weights in an array.
  const ruleNames: string[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleId = (name: string) => {
    let i = ruleIndex.get(name);
    if (i === undefined) {
      i = ruleNames.push(name) - 1;
      ruleIndex.set(name, i);
    }
    return i;
  };
  const rows = new Map<string, Row>();
  const newRow = (): Row => newWeightRow(classCount);
  // A class is updated while the model gives it at least twice the probability of a guess
  // among many classes; with few classes every class is (a dense row costs nothing extra).
  const plausible = classCount <= DENSE_UP_TO ? 0 : 2 / classCount;
  const prepared = examples.map((ex) => {
    const own: Row[] = [];
    const values: number[] = [];
    for (const [name, value] of ex.features) {
      let row = rows.get(name);
      if (!row) {
        row = newRow();
        rows.set(name, row);
      }
      own.push(row);
      values.push(value);
    }
    const rules = [...ex.rules].map(([k, f]) => ({
      k,
      ids: [...f.keys()].map(ruleId),
      values: [...f.values()],
    }));
    return { rows: own, values, rules };
  });
  const rule = new Float64Array(ruleNames.length);
  const epochs = Math.max(
    MIN_EPOCHS,
    Math.min(options.epochs, Math.round(UPDATES / Math.max(1, examples.length))),
  );
  const z = new Float64Array(classCount);
  const p = new Float64Array(classCount);
  let step = 0;
  const total = Math.max(1, examples.length * epochs);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(examples.length, options.seed + epoch)) {
      const ex = examples[i] as TrainingExample;
      const mine = prepared[i] as (typeof prepared)[number];
      const rate = options.learningRate * (1 - (0.9 * step) / total);
      step++;
      z.set(bias);
      for (let j = 0; j < mine.rows.length; j++) (mine.rows[j] as Row).add(z, mine.values[j] as number);
      for (const r of mine.rules) {
        let sum = 0;
        for (let j = 0; j < r.ids.length; j++)
          sum += (r.values[j] as number) * (rule[r.ids[j] as number] as number);
        z[r.k] = (z[r.k] as number) + sum;
      }
      for (const k of ex.excluded ?? []) z[k] = Number.NEGATIVE_INFINITY;
      softmax(z, 1, p);
      const decay = 1 - rate * options.l2;
      for (let k = 0; k < classCount; k++) {
        const pk = p[k] as number;
        const g = (pk - (k === ex.label ? 1 : 0)) * ex.weight;
        bias[k] = (bias[k] as number) - rate * g;
        if (Math.abs(g) < SKIP_GRADIENT || (pk < plausible && k !== ex.label)) continue;
        for (let j = 0; j < mine.rows.length; j++)
          (mine.rows[j] as Row).update(k, decay, rate * g * (mine.values[j] as number));
      }
      for (const r of mine.rules) {
        const g = ((p[r.k] as number) - (r.k === ex.label ? 1 : 0)) * ex.weight;
        for (let j = 0; j < r.ids.length; j++) {
          const id = r.ids[j] as number;
          rule[id] = (rule[id] as number) * decay - rate * g * (r.values[j] as number);
        }
      }
    }
  }
  const round = (w: number) => Math.round(w * 1e4) / 1e4;
  const weights: Record<string, number[]> = {};
  for (const [name, row] of rows) {
    const flat: number[] = [];
    for (const [k, w] of row.entries()) if (Math.abs(w) >= PRUNE_BELOW) flat.push(k, round(w));
    if (flat.length) weights[name] = flat;
  }
  return {
    bias: Array.from(bias, round),
    rule: Object.fromEntries(ruleNames.map((name, id) => [name, round(rule[id] as number)])),
    weights,
  };
}

/** Scores held-out examples under trained weights. */
export function heldOutScorer(
  w: TrainedWeights,
): (ex: Pick<TrainingExample, 'features' | 'rules' | 'excluded'>) => Float64Array {
  const prepared = scoringWeights(w);
  return (ex) => logits(prepared, ex.features, ex.rules, ex.excluded);
}
