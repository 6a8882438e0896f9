import { entryForVerdict, isVerdict } from '../core/verdict-codes.js';
import { type ProbeSummary, type Reply, type ReplyKnowledge, replyForEntry } from './model.js';
import { type VerdictFacts, verdictSentence } from './verdict-wording.js';

// The one way from a probe's verdict to what people read: its sentence and, when it confirms a
// knowledge entry, that entry's fix. Slack (probe, alerts), Freshdesk (alert tickets), the
// console and the desk all come through here rather than pairing sentence and entry themselves.

/** What a reply needs of a verdict: a probe's own Verdict, an alert's payload or a stored row. */
export interface VerdictOutcome extends VerdictFacts {
  readonly code: string;
  /** The entry it confirms (null: none). Absent when only the code is at hand: then the
   *  knowledge says which entry, if any, declares it (`confirmedBy`). */
  readonly entry?: string | null;
}

export interface VerdictReply {
  /** The live check in words: code, sentence and the entry it confirms. */
  readonly probe: ProbeSummary;
  /** The fix, when the verdict confirms an entry this knowledge has. */
  readonly reply?: Reply;
}

/** The verdict as a reply's "Live check" section (no fix). */
export function summariseVerdict(v: VerdictOutcome, knowledge?: ReplyKnowledge): ProbeSummary {
  const looked = knowledge && isVerdict(v.code) ? entryForVerdict(knowledge.entries)(v.code) : null;
  const entry = v.entry !== undefined ? v.entry : looked;
  return { verdict: v.code, sentence: verdictSentence(v.code, v), entry };
}

export function replyForVerdict(v: VerdictOutcome, knowledge: ReplyKnowledge): VerdictReply {
  const probe = summariseVerdict(v, knowledge);
  const reply = probe.entry ? replyForEntry(probe.entry, knowledge, probe) : undefined;
  return { probe, ...(reply ? { reply } : {}) };
}
