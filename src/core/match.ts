import { assembleDiagnosis, emptyDiagnosis } from './assemble-diagnosis.js';
import { rankClasses, scoreClasses } from './class-scores.js';
import { decide } from './decide.js';
import { factsOf } from './facts.js';
import type { KnowledgeIndex } from './knowledge-schema.js';
import { type PrepareOptions, prepareIndex } from './prepared-index.js';
import type { Diagnosis } from './types.js';

// Paste in, Diagnosis out, in named steps, each a pure function of its own file:
//   prepareIndex (once)  → vectorise the paste (signals, features, rule features)
//   → scoreClasses (calibrated probability per class) → rankClasses → decide (answer, decline
//   as a near-miss or another provider's error, or decline as unsure) → assembleDiagnosis.
// Synchronous and free of I/O; the Diagnosis holds codes and facts, and the reply words them.

export interface Matcher {
  readonly index: KnowledgeIndex;
  diagnose(paste: string): Diagnosis;
}

export type MatcherOptions = PrepareOptions;

export function createMatcher(index: KnowledgeIndex, options: MatcherOptions = {}): Matcher {
  const prepared = prepareIndex(index, options);
  return {
    index,
    diagnose(paste: string): Diagnosis {
      const vector = prepared.vectorizer.vector(paste);
      const facts = factsOf(vector.signals, vector.named);
      if (!vector.signals.tokens.length) return emptyDiagnosis(facts);
      const scores = scoreClasses(prepared, vector);
      const decision = decide(scores.p, rankClasses(scores.p, prepared.answerable), prepared);
      return assembleDiagnosis(decision, { prepared, vector, scores, facts });
    },
  };
}
