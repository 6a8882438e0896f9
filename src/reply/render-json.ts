import type { Diagnosis } from '../core/types.js';
import { sectionsFor } from './channels.js';
import { type DeclineKnowledge, declineWording } from './decline-wording.js';
import type { Reply } from './model.js';

/**
 * The machine-readable form: the diagnosis fields first (stable keys), the reply beside them,
 * and the reply's sections in order with their headings, for a client that renders them as is.
 * A decline's `explanation` and `advice` are worded from its codes here, as the reply words them,
 * so JSON clients keep reading them as fields of the diagnosis.
 */
export function toJson(
  diagnosis: Diagnosis,
  reply: Reply,
  knowledge: DeclineKnowledge,
): Record<string, unknown> {
  const base = {
    entry: diagnosis.entry,
    confidence: diagnosis.confidence,
    evidence: diagnosis.evidence,
    kind: diagnosis.kind,
  };
  const extra = diagnosis.kind === 'abstain' ? declineFields(diagnosis, knowledge) : runnerUpField(diagnosis);
  return { ...base, ...extra, facts: diagnosis.facts, reply, sections: sectionsFor(reply, 'json') };
}

function declineFields(diagnosis: Extract<Diagnosis, { kind: 'abstain' }>, knowledge: DeclineKnowledge) {
  const { explanation, advice } = declineWording(diagnosis, knowledge);
  return {
    reason: diagnosis.reason,
    explanation,
    ...(advice ? { advice } : {}),
    ...(diagnosis.pointsTo ? { pointsTo: diagnosis.pointsTo } : {}),
    ...(diagnosis.candidate ? { candidate: diagnosis.candidate } : {}),
  };
}

const runnerUpField = (diagnosis: Extract<Diagnosis, { kind: 'match' }>) =>
  diagnosis.runnerUp ? { runnerUp: diagnosis.runnerUp } : {};

export function renderJson(diagnosis: Diagnosis, reply: Reply, knowledge: DeclineKnowledge): string {
  return `${JSON.stringify(toJson(diagnosis, reply, knowledge), null, 2)}\n`;
}
