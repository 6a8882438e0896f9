import type { ClassScores } from './class-scores.js';
import type { Decision } from './decide.js';
import { explainFromPaste } from './explain.js';
import type { PreparedIndex } from './prepared-index.js';
import type { Candidate, Diagnosis, Evidence, PasteFacts } from './types.js';
import type { PasteVector } from './vectorize.js';

// A decision turned into the Diagnosis every surface reads: class ids instead of indexes,
// rounded confidences, the evidence from the paste for the class named, and the facts a reply
// words a decline from (which near-miss class, which other services). Codes and facts only: the
// sentences are the reply's (src/reply/decline-wording.ts).

const round = (n: number) => Math.round(n * 1000) / 1000;

export interface Scored {
  readonly prepared: PreparedIndex;
  readonly vector: PasteVector;
  readonly scores: ClassScores;
  readonly facts: PasteFacts;
}

export function assembleDiagnosis(
  decision: Decision,
  { prepared, vector, scores, facts }: Scored,
): Diagnosis {
  const { p } = scores;
  const id = (k: number) => prepared.classes[k] as string;
  const confidence = (k: number) => round(p[k] as number);
  const evidenceFor = (k: number): Evidence[] => explainFromPaste(scores.weighted, vector, k);
  const named = (k: number): Candidate => ({ id: id(k), confidence: confidence(k) });

  switch (decision.kind) {
    case 'answer': {
      const { entry, runnerUp } = decision;
      return {
        kind: 'match',
        entry: id(entry),
        confidence: confidence(entry),
        evidence: evidenceFor(entry),
        ...(runnerUp >= 0 ? { runnerUp: named(runnerUp) } : {}),
        facts,
      };
    }
    case 'near-miss': {
      const { nearMiss } = decision;
      const common = {
        kind: 'abstain',
        entry: null,
        nearMiss: id(nearMiss),
        confidence: confidence(nearMiss),
        evidence: evidenceFor(nearMiss),
        facts,
      } as const;
      if (!decision.namesProvider) return { ...common, reason: 'not-covered', pointsTo: id(nearMiss) };
      const others = vector.named.filter((n) => !prepared.entryProviders.has(n));
      return {
        ...common,
        reason: 'other-provider',
        otherProviders: others.map((n) => prepared.providerNames.get(n) ?? n),
        pointsTo: others[0] ?? id(nearMiss),
      };
    }
    case 'unsure': {
      const { closest, weak, candidate } = decision;
      return {
        kind: 'abstain',
        entry: null,
        reason: weak ? 'no-match' : 'low-confidence',
        confidence: closest >= 0 ? confidence(closest) : 0,
        evidence: weak ? [] : evidenceFor(closest),
        ...(candidate >= 0 ? { candidate: named(candidate) } : {}),
        facts,
      };
    }
  }
}

/** A paste with no words in it: nothing to score. */
export function emptyDiagnosis(facts: PasteFacts): Diagnosis {
  return { kind: 'abstain', entry: null, reason: 'empty', confidence: 0, evidence: [], facts };
}
