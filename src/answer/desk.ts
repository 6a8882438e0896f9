import type { Matcher } from '../core/match.js';
import type { Diagnosis } from '../core/types.js';
import type { Verdict } from '../probe/verdicts.js';
import { buildReply, type ProbeSummary, type Reply } from '../reply/model.js';
import { replyForVerdict, summariseVerdict } from '../reply/verdict-reply.js';
import type { Lookup, LookupRepository, Surface } from '../store/lookups.js';

// The one path every surface takes from a paste to an answer: diagnose, optionally probe the
// customer's connection, build the reply, and remember the question (for sharing, feedback
// and the knowledge gaps). Surfaces only parse, acknowledge and render.

export interface DeskDeps {
  readonly matcher: Matcher;
  readonly lookups: LookupRepository;
  /** Absent when no store of connections can be probed. */
  readonly probe?: (customer: string) => Promise<Verdict>;
  /** Told about every question answered (metrics). */
  readonly onAnswer?: (surface: Surface, diagnosis: Diagnosis) => void;
}

export interface Answer {
  readonly diagnosis: Diagnosis;
  readonly reply: Reply;
  readonly lookup: Lookup;
  readonly verdict?: Verdict;
}

export interface Question {
  readonly surface: Surface;
  readonly paste: string;
  readonly askedBy?: string | null;
  /** Probe this customer's connection as part of the answer. */
  readonly customer?: string | undefined;
  /** The question was recorded on an earlier attempt: reuse that record instead of adding one. */
  readonly lookupId?: string;
}

export class Desk {
  constructor(private readonly deps: DeskDeps) {}

  get index() {
    return this.deps.matcher.index;
  }

  get canProbe(): boolean {
    return this.deps.probe !== undefined;
  }

  /** Diagnosis alone, remembering nothing: for deciding whether to speak up unasked. */
  diagnose(paste: string): Diagnosis {
    return this.deps.matcher.diagnose(paste);
  }

  async ask(question: Question): Promise<Answer> {
    const diagnosis = this.deps.matcher.diagnose(question.paste);
    const verdict =
      question.customer && this.deps.probe ? await this.deps.probe(question.customer) : undefined;
    const reply = buildReply(diagnosis, this.index, verdict ? summariseVerdict(verdict) : undefined);
    const earlier = question.lookupId ? await this.deps.lookups.get(question.lookupId) : undefined;
    const lookup =
      earlier ??
      (await this.deps.lookups.add({
        surface: question.surface,
        paste: question.paste,
        entry: diagnosis.kind === 'match' ? diagnosis.entry : null,
        reason: diagnosis.kind === 'abstain' ? diagnosis.reason : null,
        confidence: diagnosis.confidence,
        askedBy: question.askedBy ?? null,
      }));
    this.deps.onAnswer?.(question.surface, diagnosis);
    return { diagnosis, reply, lookup, ...(verdict ? { verdict } : {}) };
  }

  /** The reply for a question asked earlier (Share, Post in thread), rebuilt from its paste. */
  async recall(lookupId: string): Promise<{ lookup: Lookup; reply: Reply } | undefined> {
    const lookup = await this.deps.lookups.get(lookupId);
    if (!lookup) return undefined;
    return { lookup, reply: buildReply(this.deps.matcher.diagnose(lookup.paste), this.index) };
  }

  /** Probes a customer: the verdict in words and, when it confirms an entry, that entry's fix. */
  async probe(customer: string): Promise<{ verdict: Verdict; probe: ProbeSummary; reply?: Reply }> {
    if (!this.deps.probe) throw new Error('probing needs the store of connections');
    const verdict = await this.deps.probe(customer);
    return { verdict, ...replyForVerdict(verdict, this.index) };
  }
}
