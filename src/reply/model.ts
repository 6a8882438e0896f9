import type { Diagnosis, Evidence, PasteFacts } from '../core/types.js';
import type { KnowledgeIndex } from '../knowledge/schema.js';

// The one channel-neutral reply. Every surface (terminal, JSON, Slack, Freshdesk, web) renders
// this; none composes its own wording. Strings here are plain text: renderers escape them.

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
  /** The meaning's first sentence: the one line of "why" shown under the fix. */
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

const ESCALATE_AFTER_FIX =
  'If these steps do not bring the connection back, open a ticket with the time it failed and the Xero-Correlation-Id of a failing call.';
const ESCALATE_NO_MATCH =
  'A person should look at this one: open a ticket and include the full error and when it happened.';

/** The first sentence of a paragraph (up to 300 characters), for a one-line "why". */
export function firstSentence(text: string): string {
  const head = text.slice(0, 300);
  const end = /[.!?](?=\s+[A-Z"'(]|$)/.exec(head);
  return end ? head.slice(0, end.index + 1) : head;
}

export function describeEvidence(e: Evidence): string {
  const label: Record<Evidence['kind'], string> = {
    status: 'HTTP status',
    title: 'Title',
    detail: 'Detail',
    'oauth-error': 'OAuth error',
    'error-type': 'error type',
    pattern: 'phrase',
    phrase: 'description close to',
    provider: 'provider',
    words: 'the words',
  };
  const value = e.kind === 'pattern' || e.kind === 'phrase' || e.kind === 'words' ? `"${e.value}"` : e.value;
  return e.against ? `${label[e.kind]} ${value} does not fit` : `${label[e.kind]} ${value}`;
}

function factsOf(f: PasteFacts): ReplyFact[] {
  const facts: ReplyFact[] = [];
  const add = (label: string, values: readonly (string | number)[]) => {
    if (values.length) facts.push({ label, value: values.join(', ') });
  };
  add('Status', f.statuses);
  add('Title', f.titles);
  add('Detail', f.details);
  add('OAuth error', f.oauthErrors);
  add('Endpoint', f.endpoints.slice(0, 3));
  add('Correlation id', f.correlationId ? [f.correlationId] : []);
  add('Instance', f.instance ? [f.instance] : []);
  return facts;
}

/**
 * The fix for an entry the probe confirmed, when there is no paste to diagnose (an alert, a
 * "/xerofix probe"): the same reply as a certain match on that entry.
 */
export function replyForEntry(
  entryId: string,
  index: KnowledgeIndex,
  probe?: ProbeSummary,
): Reply | undefined {
  if (!index.entries.some((e) => e.id === entryId)) return undefined;
  const certain: Diagnosis = { kind: 'match', entry: entryId, confidence: 1, evidence: [], facts: NO_FACTS };
  return buildReply(certain, index, probe);
}

const NO_FACTS: PasteFacts = {
  statuses: [],
  titles: [],
  details: [],
  oauthErrors: [],
  errorTypes: [],
  hosts: [],
  endpoints: [],
  providers: [],
  truncated: false,
};

export function buildReply(diagnosis: Diagnosis, index: KnowledgeIndex, probe?: ProbeSummary): Reply {
  const common = {
    confidence: diagnosis.confidence,
    evidence: diagnosis.evidence.map(describeEvidence),
    facts: factsOf(diagnosis.facts),
    ...(probe ? { probe } : {}),
  };
  const entry = diagnosis.kind === 'match' ? index.entries.find((e) => e.id === diagnosis.entry) : undefined;
  if (diagnosis.kind === 'match' && entry) {
    return {
      kind: 'answer',
      entry: entry.id,
      title: entry.title,
      meaning: entry.meaning,
      why: firstSentence(entry.meaning),
      causes: entry.causes,
      steps: entry.steps,
      ifFails: entry.ifFails,
      prevention: entry.prevention,
      escalation: ESCALATE_AFTER_FIX,
      ...(entry.source ? { source: entry.source } : {}),
      ...common,
    };
  }
  const explanation = diagnosis.kind === 'abstain' ? diagnosis.explanation : 'No entry matched.';
  const advice = diagnosis.kind === 'abstain' ? diagnosis.advice : undefined;
  // Another provider's error points to that provider; its wording is the class that says so.
  const rule =
    diagnosis.kind === 'abstain'
      ? (index.abstainRules.find((r) => r.id === diagnosis.pointsTo) ??
        (diagnosis.reason === 'other-provider' ? index.abstainRules.find((r) => r.namesProvider) : undefined))
      : undefined;
  return {
    kind: 'no-answer',
    entry: null,
    title: rule?.title ?? (advice ? 'Not a broken Xero connection' : 'No confident answer'),
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

/** Knowledge text may use **bold** and `code`; plain surfaces drop the markers. */
export function stripInlineMarkup(text: string): string {
  return text.replace(/\*\*([^*\n]{1,200})\*\*/g, '$1').replace(/`([^`\n]{1,200})`/g, '$1');
}
