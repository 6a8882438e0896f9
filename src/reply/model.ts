import { EMPTY_FACTS } from '../core/facts.js';
import type { KnowledgeEntry, KnowledgeIndex } from '../core/knowledge-schema.js';
import type { Diagnosis, PasteFacts } from '../core/types.js';
import { declineWording, nearMissRule } from './decline-wording.js';
import { cutAt } from './truncate.js';
import {
  describeEvidence,
  durationWords,
  ESCALATE_NO_MATCH,
  FACT_LABELS,
  GENERIC_ESCALATION,
  GENERIC_NOT_COVERED_TITLE,
  NO_CONFIDENT_ANSWER_TITLE,
  NO_ENTRY_EXPLANATION,
  waitSentence,
} from './wording.js';

// The one channel-neutral reply. Every surface (terminal, JSON, Slack, Freshdesk, web) renders
// this, section by section (see sections.ts); none composes its own wording. Strings here are
// plain text with the knowledge's inline markup: renderers escape them.

export { describeEvidence } from './wording.js';

/** All a reply needs from the knowledge: its entries, and the classes a paste can be declined as. */
export type ReplyKnowledge = Pick<KnowledgeIndex, 'entries' | 'abstainRules'>;

export interface ReplyFact {
  readonly label: string;
  readonly value: string;
}

export interface ProbeSummary {
  readonly verdict: string;
  readonly sentence: string;
  readonly entry: string | null;
}

export interface Reply {
  readonly kind: 'answer' | 'no-answer';
  readonly entry: string | null;
  readonly title: string;
  readonly meaning: string;
  /** The meaning's first sentence, for surfaces that give the meaning in one line. */
  readonly why: string;
  readonly causes: readonly string[];
  readonly steps: readonly string[];
  readonly ifFails: readonly string[];
  readonly prevention: string;
  /** What happens next when the fix does not help, or when there is no fix to give. */
  readonly escalation: string;
  readonly source?: string;
  readonly confidence: number;
  readonly evidence: readonly string[];
  readonly facts: readonly ReplyFact[];
  readonly probe?: ProbeSummary;
}

/** The first sentence of a paragraph (up to 300 characters), for a one-line "why". */
export function firstSentence(text: string): string {
  const head = cutAt(text, 300);
  const end = /[.!?](?=\s+[A-Z"'(]|$)/.exec(head);
  return end ? head.slice(0, end.index + 1) : head;
}

function factsOf(f: PasteFacts): ReplyFact[] {
  const facts: ReplyFact[] = [];
  const add = (label: string, values: readonly (string | number)[]) => {
    if (values.length) facts.push({ label, value: values.join(', ') });
  };
  add(FACT_LABELS.statuses, f.statuses);
  add(FACT_LABELS.titles, f.titles);
  add(FACT_LABELS.details, f.details);
  add(FACT_LABELS.oauthErrors, f.oauthErrors);
  add(FACT_LABELS.endpoints, f.endpoints.slice(0, 3));
  add(FACT_LABELS.correlationId, f.correlationId ? [f.correlationId] : []);
  add(FACT_LABELS.instance, f.instance ? [f.instance] : []);
  add(FACT_LABELS.retryAfter, f.retryAfterSeconds !== undefined ? [durationWords(f.retryAfterSeconds)] : []);
  add(FACT_LABELS.rateLimitProblem, f.rateLimitProblem ? [f.rateLimitProblem] : []);
  return facts;
}

/**
 * The fix for an entry the probe confirmed, when there is no paste to diagnose (an alert, a
 * "/xerofix probe"): the same reply as a certain match on that entry.
 */
export function replyForEntry(
  entryId: string,
  index: ReplyKnowledge,
  probe?: ProbeSummary,
): Reply | undefined {
  if (!index.entries.some((e) => e.id === entryId)) return undefined;
  const certain: Diagnosis = {
    kind: 'match',
    entry: entryId,
    confidence: 1,
    evidence: [],
    facts: EMPTY_FACTS,
  };
  return buildReply(certain, index, probe);
}

export function buildReply(diagnosis: Diagnosis, index: ReplyKnowledge, probe?: ProbeSummary): Reply {
  const common = {
    confidence: diagnosis.confidence,
    evidence: diagnosis.evidence.map(describeEvidence),
    facts: factsOf(diagnosis.facts),
    ...(probe ? { probe } : {}),
  };
  const entryById = (id: string | undefined) => (id ? index.entries.find((e) => e.id === id) : undefined);
  const entry = diagnosis.kind === 'match' ? entryById(diagnosis.entry) : undefined;
  if (diagnosis.kind === 'match' && entry) {
    return {
      kind: 'answer',
      entry: entry.id,
      title: entry.title,
      meaning: meaningFor(entry, diagnosis.facts),
      why: firstSentence(meaningFor(entry, diagnosis.facts)),
      causes: entry.causes,
      steps: entry.steps,
      ifFails: entry.ifFails,
      prevention: entry.prevention,
      escalation: entry.escalation ?? GENERIC_ESCALATION,
      ...(entry.source ? { source: entry.source } : {}),
      ...common,
    };
  }
  const { explanation, advice } =
    diagnosis.kind === 'abstain'
      ? declineWording(diagnosis, index)
      : { explanation: NO_ENTRY_EXPLANATION, advice: undefined };
  const closest = diagnosis.kind === 'abstain' ? entryById(diagnosis.candidate?.id) : undefined;
  return {
    kind: 'no-answer',
    entry: null,
    title: declineTitle(diagnosis, index, advice, closest),
    meaning: explanation,
    why: firstSentence(explanation),
    causes: [],
    steps: advice ? [advice] : [],
    ifFails: [],
    prevention: '',
    escalation: ESCALATE_NO_MATCH,
    ...common,
  };
}

/** A rate limit's answer opens with the wait the paste itself names ("wait 37 seconds"), so
 *  even a one-line rendering of the meaning carries it. */
function meaningFor(entry: KnowledgeEntry, facts: PasteFacts): string {
  if (entry.kind !== 'rate-limit' || facts.retryAfterSeconds === undefined) return entry.meaning;
  return `${waitSentence(facts.retryAfterSeconds, facts.rateLimitProblem)} ${entry.meaning}`.trim();
}

/**
 * The headline of a declined paste. A class the paste was recognised as names itself (another
 * provider's error points to that provider's class). A paste recognised as something else near
 * an entry takes that entry's own "not this" title, since only the entry knows what it is about;
 * otherwise the words claim nothing about what the paste is not.
 */
function declineTitle(
  diagnosis: Diagnosis,
  index: ReplyKnowledge,
  advice: string | undefined,
  closest: KnowledgeEntry | undefined,
): string {
  if (diagnosis.kind !== 'abstain') return NO_CONFIDENT_ANSWER_TITLE;
  const rule = nearMissRule(diagnosis, index);
  if (rule?.title) return rule.title;
  if (!advice) return NO_CONFIDENT_ANSWER_TITLE;
  return closest?.notApplicableTitle ?? GENERIC_NOT_COVERED_TITLE;
}
