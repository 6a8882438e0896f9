import type { Diagnosis } from '../core/types.js';
import { sectionsFor } from './channels.js';
import type { Reply } from './model.js';

/**
 * The machine-readable form: the diagnosis fields first (stable keys), the reply beside them,
 * and the reply's sections in order with their headings, for a client that renders them as is.
 */
export function toJson(diagnosis: Diagnosis, reply: Reply): Record<string, unknown> {
  const base = {
    entry: diagnosis.entry,
    confidence: diagnosis.confidence,
    evidence: diagnosis.evidence,
    kind: diagnosis.kind,
  };
  const extra =
    diagnosis.kind === 'abstain'
      ? {
          reason: diagnosis.reason,
          explanation: diagnosis.explanation,
          ...(diagnosis.advice ? { advice: diagnosis.advice } : {}),
          ...(diagnosis.pointsTo ? { pointsTo: diagnosis.pointsTo } : {}),
          ...(diagnosis.candidate ? { candidate: diagnosis.candidate } : {}),
        }
      : { ...(diagnosis.runnerUp ? { runnerUp: diagnosis.runnerUp } : {}) };
  return { ...base, ...extra, facts: diagnosis.facts, reply, sections: sectionsFor(reply, 'json') };
}

export function renderJson(diagnosis: Diagnosis, reply: Reply): string {
  return `${JSON.stringify(toJson(diagnosis, reply), null, 2)}\n`;
}
