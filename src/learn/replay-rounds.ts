import type { KnowledgeSources, LabelledExample } from '../core/knowledge-schema.js';
import { createMatcher, type MatcherOptions } from '../core/match.js';
import { type HeldOutResult, isReal } from './cross-validate.js';
import { FitDefaults, type FitOptions, fitModel } from './fit.js';

// The rounds of real pastes replayed in the order they were collected: each round is judged by a
// model fitted on the rounds before it (plus the articles' own text), the way each was first
// judged before anyone read it. Cross-validation lets a new round's pastes learn from pastes
// collected after them; this does not, so it is the nearer estimate of text nobody has seen yet.
// Only the corpus is replayed: the code, vocabulary and articles are today's, and were written
// having seen every round, so the figure is still a little kinder than a true first look.

export interface ReplayedRound {
  readonly round: number;
  /** Real pastes of earlier rounds the model was fitted on. */
  readonly trainedOn: number;
  readonly results: readonly HeldOutResult[];
}

export interface Replay {
  readonly rounds: readonly ReplayedRound[];
  /** Real pastes without a round: never judged, never learned from. */
  readonly withoutRound: number;
}

/** Replays every round after the first (the first has nothing before it to learn from). */
export function replayRounds(
  sources: KnowledgeSources,
  options: FitOptions = FitDefaults,
  matcherOptions: MatcherOptions = {},
  real: (e: LabelledExample) => boolean = isReal,
): Replay {
  const items = sources.examples.filter(real);
  const rest = sources.examples.filter((e) => !real(e));
  const dated = items.filter((e) => e.round !== undefined);
  const rounds = [...new Set(dated.map((e) => e.round as number))].sort((a, b) => a - b);
  const replayed = rounds.slice(1).map((round) => {
    const before = dated.filter((e) => (e.round as number) < round);
    const training = { ...sources, examples: [...rest, ...before] };
    const matcher = createMatcher({ ...training, model: fitModel(training, options) }, matcherOptions);
    const results = dated
      .filter((e) => e.round === round)
      .map((example) => ({ example, fold: round, diagnosis: matcher.diagnose(example.text) }));
    return { round, trainedOn: before.length, results };
  });
  return { rounds: replayed, withoutRound: items.length - dated.length };
}
