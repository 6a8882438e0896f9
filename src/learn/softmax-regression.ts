import type { FeatureVector } from '../core/features.js';
import { logits, scoringWeights, softmax } from '../core/model.js';
import type { RuleFeatures } from '../core/rule-features.js';

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

/**
 * One feature's weights, per class. Few classes: a dense array (fast). Many classes: a map
 * holding only the classes the feature was updated for.
 */
interface Row {
  add(z: Float64Array, value: number): void;
  update(k: number, decay: number, step: number): void;
  entries(): Iterable<[number, number]>;
}

class DenseRow implements Row {
  private readonly w: Float64Array;
  constructor(classCount: number) {
    this.w = new Float64Array(classCount);
  }
  add(z: Float64Array, value: number): void {
    for (let k = 0; k < this.w.length; k++) z[k] = (z[k] as number) + value * (this.w[k] as number);
  }
  update(k: number, decay: number, step: number): void {
    this.w[k] = (this.w[k] as number) * decay - step;
  }
  *entries(): Iterable<[number, number]> {
    for (let k = 0; k < this.w.length; k++) yield [k, this.w[k] as number];
  }
}

/** Up to this many classes a sparse row finds a class's slot by scanning; beyond, by a table. */
const SCAN_UP_TO = 24;
/** A sparse row holding more than this share of the classes turns dense. */
const DENSE_FROM_SHARE = 0.75;

class SparseRow implements Row {
  // Parallel arrays for the hot loop (add). A class's slot is found on update by a short scan
  // while the row is narrow (most rows), then through a class -> slot table: a Map probed for
  // every (class, feature) pair of every update was a seventh of a 1,000-article build.
  private classes = new Int32Array(4);
  private weights = new Float64Array(4);
  private size = 0;
  /** Slot + 1 per class (0 = none yet), once the row is wider than SCAN_UP_TO. */
  private slotOf: Int32Array | undefined;
  /** Weight per class, once the row holds more than DENSE_FROM_SHARE of the classes: a feature
   *  most examples share (pv:xero, x:length) is then read straight through by the hot loop. */
  private dense: Float64Array | undefined;
  constructor(private readonly classCount: number) {}

  private find(k: number): number {
    if (this.slotOf) return (this.slotOf[k] as number) - 1;
    for (let i = 0; i < this.size; i++) if (this.classes[i] === k) return i;
    return -1;
  }

  add(z: Float64Array, value: number): void {
    const dense = this.dense;
    if (dense) {
      // Adding value * 0 for a class never updated leaves its score as it was.
      for (let k = 0; k < dense.length; k++) z[k] = (z[k] as number) + value * (dense[k] as number);
      return;
    }
    for (let i = 0; i < this.size; i++) {
      const k = this.classes[i] as number;
      z[k] = (z[k] as number) + value * (this.weights[i] as number);
    }
  }
  update(k: number, decay: number, step: number): void {
    if (this.dense) {
      this.dense[k] = (this.dense[k] as number) * decay - step;
      return;
    }
    let i = this.find(k);
    if (i < 0) {
      if (this.size === this.classes.length) {
        const classes = new Int32Array(this.size * 2);
        const weights = new Float64Array(this.size * 2);
        classes.set(this.classes);
        weights.set(this.weights);
        this.classes = classes;
        this.weights = weights;
      }
      i = this.size++;
      this.classes[i] = k;
      if (this.slotOf) this.slotOf[k] = i + 1;
      else if (this.size > SCAN_UP_TO) {
        this.slotOf = new Int32Array(this.classCount);
        for (let j = 0; j < this.size; j++) this.slotOf[this.classes[j] as number] = j + 1;
      }
    }
    this.weights[i] = (this.weights[i] as number) * decay - step;
    if (this.size > this.classCount * DENSE_FROM_SHARE) {
      const dense = new Float64Array(this.classCount);
      for (let j = 0; j < this.size; j++) dense[this.classes[j] as number] = this.weights[j] as number;
      this.dense = dense;
      this.slotOf = undefined;
    }
  }
  entries(): Iterable<[number, number]> {
    // Classes never updated read 0 in a dense row, and weights near 0 are not stored anyway.
    if (this.dense) return Array.from(this.dense, (w, k): [number, number] => [k, w]);
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.size; i++) out.push([this.classes[i] as number, this.weights[i] as number]);
    return out.sort((a, b) => a[0] - b[0]);
  }
}

/** Up to this many classes every row is dense. */
const DENSE_UP_TO = 64;

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
  const newRow = (): Row =>
    classCount <= DENSE_UP_TO ? new DenseRow(classCount) : new SparseRow(classCount);
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
