// Every word xerofix itself adds to an answer, in one place. The knowledge supplies the rest
// (titles, meanings, steps, escalation). Renderers take headings and labels from here and never
// write their own, so the terminal, Slack, Freshdesk and the console cannot drift apart.

import type { Evidence } from '../core/types.js';

/** One heading per section, the same words the articles use for their own sections. */
export const HEADINGS = {
  meaning: 'What it means',
  causes: 'Likely causes',
  steps: 'How to fix it',
  /** A no-answer has no fix: its one step is advice on an error the knowledge does not cover. */
  advice: 'What to do',
  ifFails: 'If that does not work',
  prevention: 'Keep it from happening again',
  escalation: 'Getting help',
  source: 'Source',
  evidence: 'Evidence',
  facts: 'Details from the paste',
  probe: 'Live check',
} as const;

/** Said when an entry declares no escalation of its own; it assumes nothing about the problem. */
export const GENERIC_ESCALATION =
  'If these steps do not solve it, open a ticket with the full error and the time it happened.';
export const ESCALATE_NO_MATCH =
  'A person should look at this one: open a ticket and include the full error and when it happened.';

/** Declined, but recognised as a known error no article covers (a validation error, say). */
export const GENERIC_NOT_COVERED_TITLE = 'A known error no article covers';
export const NO_CONFIDENT_ANSWER_TITLE = 'No confident answer';
export const NO_ENTRY_EXPLANATION = 'No entry matched.';

export const SOURCE_LINK_LABEL = 'Read the full article';

export const confidenceLine = (confidence: number) => `Confidence ${Math.round(confidence * 100)}%`;

/** How sure, in words, for pages that lead with a sentence rather than a number. */
export const sureInWords = (confidence: number) =>
  confidence >= 0.9 ? 'very sure' : confidence >= 0.7 ? 'fairly sure' : 'not very sure';

export const shortenedNote = (total: number) =>
  `… (shortened; ${total.toLocaleString('en')} characters in all)`;

const EVIDENCE_LABELS: Record<Evidence['kind'], string> = {
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

export function describeEvidence(e: Evidence): string {
  const quoted = e.kind === 'pattern' || e.kind === 'phrase' || e.kind === 'words';
  const value = quoted ? `"${e.value}"` : e.value;
  return e.against
    ? `${EVIDENCE_LABELS[e.kind]} ${value} does not fit`
    : `${EVIDENCE_LABELS[e.kind]} ${value}`;
}

export const FACT_LABELS = {
  statuses: 'Status',
  titles: 'Title',
  details: 'Detail',
  oauthErrors: 'OAuth error',
  endpoints: 'Endpoint',
  correlationId: 'Correlation id',
  instance: 'Instance',
  retryAfter: 'Retry-After',
  rateLimitProblem: 'Limit reached',
} as const;

/** "37 seconds", "18 hours 36 minutes": a Retry-After read aloud. */
export function durationWords(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 120) return unit(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${unit(hours, 'hour')} ${unit(rest, 'minute')}` : unit(hours, 'hour');
}

/** What a rate limit's answer says first when the paste names the wait (and the limit). */
export const waitSentence = (seconds: number, limit?: string) =>
  `Wait ${durationWords(seconds)} before the next call: that is what the Retry-After in this paste asks${limit ? ` (the ${limit} limit was reached)` : ''}, and the connection itself is fine.`;

/** A ticket xerofix opens (xerofix ticket open, the Slack modal): its subject and description. */
export const TICKET_WORDS = {
  /** The subject when nothing matched, or nobody typed one. */
  subjectNoMatch: 'Xero connection problem',
  subjectFor: (title: string) => `Xero: ${title}`,
  pasteHeading: 'Error pasted',
  /** A description with nothing else in it still says where the ticket came from. */
  emptyDescription: 'Opened by xerofix.',
} as const;

/** The agent's note opens with what xerofix makes of the ticket. */
export const NOTE_SUGGESTS = 'xerofix suggests:';
export const NOTE_NO_MATCH = 'no knowledge entry matched.';
/** The paste quoted back: to the person who pasted it, and to the agent reading the ticket. */
export const PASTE_HEADING_ASKER = 'You pasted';
export const PASTE_HEADING_AGENT = 'Text diagnosed';

/** Slack's notification text, for screen readers and phones: the headline and where to start. */
export const FALLBACK_NO_MATCH = 'Nothing in the knowledge base matches this paste.';
export const fallbackFirstStep = (step: string) => ` First step: ${step}`;

/** A live check's result, posted on its own (the alert's words are in connection-alert.ts). */
export const probeHeadline = (customer: string) => `*Xero connection of ${customer}*`;
export const probeFallback = (customer: string, probe: { verdict: string; sentence: string }) =>
  `${customer}: ${probe.verdict}. ${probe.sentence}`;

/** The console's look-up page: what the customer would get, then how xerofix decided. */
export const LOOKUP_ANSWER_HEADING = 'What the customer would get';
export const LOOKUP_NO_ANSWER_HEADING = 'What to do';
export const LOOKUP_DECISION_HEADING = 'How xerofix decided';
export const lookupVerdict = (confidence: number) => `xerofix is ${sureInWords(confidence)} this is`;
/** A no-answer never shows a score or a threshold: it says what happens instead. */
export const LOOKUP_NO_ANSWER =
  'No knowledge entry answers this, so nothing would be sent to a customer automatically.';

/** Learning from agents: after 👎 or on a gap, the agent picks the answer that was right. */
export const NONE_OF_THESE = 'None of these';
export const FEEDBACK_GROUP_ENTRIES = 'Articles';
export const FEEDBACK_GROUP_CLASSES = 'Not an article (known near-misses)';
export const FEEDBACK_PICK_PLACEHOLDER = 'Pick the right answer…';
export const FEEDBACK_PICK_PROMPT =
  'Thanks, noted. Which answer would have been right? Your pick becomes an example for the knowledge base once a person has reviewed it.';
/** Slack's option lists hold 100 items: the rest are on the console's /gaps page. */
export const FEEDBACK_MORE_IN_CONSOLE = 'Not in the list? Pick it on the console’s Knowledge gaps page.';
export const feedbackRecorded = (title: string) =>
  `Thanks: noted that this paste is “${title}”. It becomes an example once someone runs “xerofix kb feedback export” and reviews it.`;
export const FEEDBACK_NONE_RECORDED =
  'Thanks: noted that none of the answers fits. It stays in the knowledge gaps for someone to write an article.';
export const FEEDBACK_UNKNOWN_LABEL =
  'That answer is not in the knowledge this server loaded any more. Pick another one, or use the console.';
/** The console's form beside an answer or a gap. */
export const FEEDBACK_FORM_LABEL = 'The right answer';
export const FEEDBACK_SUBMIT_WRONG = '👎 Wrong: record the right one';
export const FEEDBACK_SUBMIT_GAP = 'Teach xerofix';
export const feedbackChosen = (title: string | null, exported: boolean) =>
  title === null
    ? 'An agent said none of the answers fits.'
    : `An agent picked “${title}”${exported ? '; exported to the knowledge folder' : '; waiting for “xerofix kb feedback export”'}.`;
/** A button or pick on a Slack answer whose question the store no longer has. */
export const SLACK_ANSWER_GONE = 'That answer is no longer available. Ask again with /xerofix.';
