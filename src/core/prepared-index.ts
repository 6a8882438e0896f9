import type { KnowledgeIndex } from './knowledge-schema.js';
import { type ScoringWeights, scoringWeights } from './model.js';
import { Vectorizer, wordsOf } from './vectorize.js';

// Everything the matcher reads on every paste, worked out once from the index: the model's
// weights as maps, a vectoriser that knows the model's words, each class's answer threshold and
// what each near-miss class stands for. Preparing is the dear part of a matcher (the weight maps
// hold tens of thousands of rows); diagnosing a paste then only reads it.

export interface PrepareOptions {
  /** One confidence every entry must reach, replacing the fitted per-entry thresholds. */
  readonly minConfidence?: number | undefined;
}

export interface PreparedIndex {
  readonly index: KnowledgeIndex;
  readonly weights: ScoringWeights;
  readonly vectorizer: Vectorizer;
  readonly temperature: number;
  /** Class ids in the model's order: entries first, then near-miss classes (not-covered.yml). */
  readonly classes: readonly string[];
  /** Per class: true for an entry (it has a fix to give), false for a near-miss class. */
  readonly answerable: readonly boolean[];
  /** Per class, the confidence it needs to be answered: the entry's own minConfidence, else the
   *  one the caller set, else the threshold fitted on held-out examples at kb build. */
  readonly thresholds: readonly number[];
  /** Per class: true for the near-miss class that stands for "another service's error". */
  readonly namesProvider: readonly boolean[];
  /** Ids of the providers some entry belongs to: naming them says nothing about another service. */
  readonly entryProviders: ReadonlySet<string>;
  /** Provider id -> its name as providers.yml spells it. */
  readonly providerNames: ReadonlyMap<string, string>;
}

export function prepareIndex(index: KnowledgeIndex, options: PrepareOptions = {}): PreparedIndex {
  const { model } = index;
  const weights = scoringWeights(model);
  const entryById = new Map(index.entries.map((e) => [e.id, e]));
  const ruleById = new Map(index.abstainRules.map((r) => [r.id, r]));
  return {
    index,
    weights,
    vectorizer: new Vectorizer(index, wordsOf(weights.rows.keys())),
    temperature: model.temperature,
    classes: model.classes,
    answerable: model.answerable,
    thresholds: model.classes.map(
      (id, k) => entryById.get(id)?.minConfidence ?? options.minConfidence ?? (model.thresholds[k] as number),
    ),
    namesProvider: model.classes.map(
      (id, k) => !model.answerable[k] && Boolean(ruleById.get(id)?.namesProvider),
    ),
    entryProviders: new Set(index.entries.map((e) => e.provider)),
    providerNames: new Map(index.providers.map((p) => [p.id, p.name])),
  };
}
