import { wordStems } from '../core/features.js';
import type { KnowledgeSources } from '../core/knowledge-schema.js';
import type { FittedModel } from '../core/model.js';
import { extractSignals } from '../core/signals.js';
import { classesOf, Vectorizer } from '../core/vectorize.js';
import { fitTemperature, fitThresholds, type HeldOut } from './calibrate.js';
import { foldCount, groupedFolds } from './folds.js';
import {
  heldOutScorer,
  TrainDefaults,
  type TrainingExample,
  type TrainOptions,
  trainSoftmax,
} from './softmax-regression.js';

// kb build's learning step: examples -> feature vectors -> a softmax model, calibrated on
// grouped held-out folds of the same examples (temperature and per-entry thresholds), then
// refitted on everything. Examples whose label is not a class are left out here; kb lint names
// them with their file and line.

export interface FitOptions {
  readonly train: TrainOptions;
  /** 0 = every example counts the same; 1 = every class counts the same in total. */
  readonly balance: number;
  /** Folds used to calibrate; fewer when the examples come from few sources. */
  readonly calibrationFolds: number;
  /** A paste feature seen in fewer examples than this is not learned at all. */
  readonly minExamplesPerFeature: number;
}

const LARGE = 2000;

export const FitDefaults: FitOptions = Object.freeze({
  train: TrainDefaults,
  balance: 0.5,
  calibrationFolds: 5,
  minExamplesPerFeature: 2,
});

/** Drops, in place, the paste features that occur in fewer than `min` examples. A word or letter
 *  run seen once (an id, a path, one reporter's phrasing) lets the fit explain that example by
 *  memorising it instead of by the features it shares with others; without them the shared
 *  evidence carries the weight. Measured on the real pastes (grouped cross-validation): dropping
 *  features seen once raised accuracy about a point and made the index smaller. */
function dropRareFeatures(examples: readonly TrainingExample[], min: number): void {
  if (min <= 1) return;
  const seen = new Map<string, number>();
  for (const ex of examples) for (const name of ex.features.keys()) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const ex of examples)
    for (const name of [...ex.features.keys()]) if ((seen.get(name) ?? 0) < min) ex.features.delete(name);
}

/** Classes are balanced: each class's examples together weigh about as much as any other's. */
function balanced(labels: readonly number[], classCount: number, power: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const l of labels) counts[l] = (counts[l] as number) + 1;
  const present = counts.filter((c) => c > 0);
  const mean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length);
  return labels.map((l) => (mean / (counts[l] as number)) ** power);
}

export function fitModel(sources: KnowledgeSources, options: FitOptions = FitDefaults): FittedModel {
  const { ids, answerable } = classesOf(sources);
  const position = new Map(ids.map((id, i) => [id, i]));
  const read = sources.examples.flatMap((e) => {
    const label = position.get(e.label);
    return label === undefined ? [] : [{ e, label, signals: extractSignals(e.text) }];
  });
  // The words the model will know (seen in enough examples) are known before any is vectorised:
  // the matcher never typo-corrects a known word, so training must not either.
  const seen = new Map<string, number>();
  for (const { signals } of read)
    for (const w of new Set(wordStems(signals))) seen.set(w, (seen.get(w) ?? 0) + 1);
  const known = new Set([...seen].filter(([, n]) => n >= options.minExamplesPerFeature).map(([w]) => w));
  const vectorizer = new Vectorizer(sources, known);
  // An example the matcher could never give its label (another provider's error that names no
  // provider) would only teach noise; kb lint names it with its file and line.
  const vectors = read.flatMap(({ e, label, signals }) => {
    const v = vectorizer.vectorOf(signals);
    return v.excluded.includes(label) ? [] : [{ e, v, label }];
  });
  const usable = vectors.map((x) => x.e);
  const labels = vectors.map((x) => x.label);
  const weights = balanced(labels, ids.length, options.balance);
  const examples: TrainingExample[] = vectors.map(({ e, v, label }, i) => ({
    features: v.features,
    rules: v.rules,
    label,
    weight: (weights[i] as number) * (e.weight ?? 1),
    excluded: v.excluded,
  }));

  dropRareFeatures(examples, options.minExamplesPerFeature);

  const k = foldCount(usable, options.calibrationFolds);
  // A large knowledge base holds out one fold only: its thousands of held-out answers already
  // give a stable temperature and threshold, and kb build stays quick.
  const rounds = usable.length > LARGE ? Math.min(1, k) : k;
  const heldOut: HeldOut[] = [];
  if (k >= 3) {
    const fold = groupedFolds(usable, k);
    for (let f = 0; f < rounds; f++) {
      const train = examples.filter((_, i) => fold[i] !== f);
      const score = heldOutScorer(trainSoftmax(train, ids.length, options.train));
      examples.forEach((ex, i) => {
        if (fold[i] === f) heldOut.push({ logits: score(ex), label: ex.label });
      });
    }
  }
  const temperature = fitTemperature(heldOut);
  const thresholds = heldOut.length
    ? fitThresholds(heldOut, answerable, temperature)
    : answerable.map((a) => (a ? 0.5 : 1));
  const final = trainSoftmax(examples, ids.length, options.train);
  return { version: 1, classes: ids, answerable, ...final, temperature, thresholds };
}
