// How the fit keeps one paste feature's weights, per class, while it trains (softmax-regression.ts).
// With a thousand classes most features are updated for a few classes only, so their rows keep
// just those; a feature nearly every example has ends up with a weight for most classes and is
// then read straight through. The storage changes nothing in the numbers: every row adds and
// updates the same weights in the same order, so a build is bit-identical whichever is used.

/**
 * One feature's weights, per class. Few classes: a dense array (fast). Many classes: only the
 * classes the feature was updated for, until it holds most of them.
 */
export interface Row {
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
export const DENSE_UP_TO = 64;

export function newWeightRow(classCount: number): Row {
  return classCount <= DENSE_UP_TO ? new DenseRow(classCount) : new SparseRow(classCount);
}
