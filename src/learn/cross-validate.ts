import type { KnowledgeSources, LabelledExample } from '../core/knowledge-schema.js';
import { createMatcher, type MatcherOptions } from '../core/match.js';
import type { Diagnosis } from '../core/types.js';
import { FitDefaults, type FitOptions, fitModel } from './fit.js';
import { groupedFolds } from './folds.js';

// The honest accuracy figure: grouped k-fold cross-validation over the real pastes (examples
// with a source address). In each fold the model is fitted — calibration and thresholds
// included — on the other folds plus the articles' own examples, and judged only on pastes from
// sources it never saw.

export interface HeldOutResult {
  readonly example: LabelledExample;
  readonly fold: number;
  readonly diagnosis: Diagnosis;
  /** The diagnoses of the paste's variants (see crossValidate's variantsOf), by the same model. */
  readonly variants?: readonly Diagnosis[];
}

export const isReal = (e: LabelledExample) => e.source !== undefined;

export function crossValidate(
  sources: KnowledgeSources,
  folds = 5,
  options: FitOptions = FitDefaults,
  real: (e: LabelledExample) => boolean = isReal,
  matcherOptions: MatcherOptions = {},
  /** Deals the sources out to folds differently (see groupedFolds); '' is the figure the tests hold. */
  salt = '',
  /** Other texts to judge with the fold's model beside each held-out paste (the paste with a
   *  closing question added, say): how robust an answer is, without fitting again. */
  variantsOf?: (text: string) => readonly string[],
): HeldOutResult[] {
  const items = sources.examples.filter(real);
  const rest = sources.examples.filter((e) => !real(e));
  const fold = groupedFolds(items, folds, salt);
  const results: HeldOutResult[] = [];
  for (let f = 0; f < folds; f++) {
    const training = { ...sources, examples: [...rest, ...items.filter((_, i) => fold[i] !== f)] };
    const matcher = createMatcher({ ...training, model: fitModel(training, options) }, matcherOptions);
    items.forEach((example, i) => {
      if (fold[i] !== f) return;
      const diagnosis = matcher.diagnose(example.text);
      const variants = variantsOf?.(example.text).map((text) => matcher.diagnose(text));
      results.push({ example, fold: f, diagnosis, ...(variants ? { variants } : {}) });
    });
  }
  return results;
}
