import type { AbstainRule, KnowledgeIndex } from '../core/knowledge-schema.js';
import type { AbstainDiagnosis } from '../core/types.js';

// Why a paste was declined, in words, from the codes and facts the core returns. A near-miss
// class speaks in its own knowledge text (not-covered.yml's reason and advice), looked up by the
// rule id the diagnosis carries, the way an answer's wording is looked up by its entry id: so a
// stored or compared Diagnosis holds no prose, and editing a rule's words needs no new index.
// The sentences for the other cases are here, the one place xerofix words a decline.

/** What a decline needs from the knowledge: the entries (their titles) and the near-miss rules. */
export type DeclineKnowledge = Pick<KnowledgeIndex, 'entries' | 'abstainRules'>;

export interface DeclineWording {
  /** Why, in a sentence or two fit for an agent or a customer. */
  readonly explanation: string;
  /** What to do instead, when the paste was recognised as something else. */
  readonly advice?: string;
}

export const EMPTY_PASTE = 'The paste has no text to diagnose.';
export const NOTHING_MATCHES = 'Nothing in the paste matches a known Xero error.';
/** A near-miss class the knowledge no longer declares (an index older than its reply). */
export const KNOWN_ERROR_NO_ARTICLE = 'This is a known error that no article covers.';
export const FROM_ANOTHER_SERVICE = 'This error comes from another service, not from Xero.';
export const fromNamedServices = (names: readonly string[]) =>
  `This error comes from ${names.join(', ')}, not from Xero; the knowledge base has no article for it.`;
export const mayBe = (title: string) =>
  `It may be "${title}", but the paste does not show enough to be sure.`;
export const mayBeEither = (title: string) =>
  `It may be "${title}", but another entry fits almost as well; a person should decide.`;

/** The near-miss rule a decline was recognised as, if the knowledge still declares it. */
export function nearMissRule(d: AbstainDiagnosis, knowledge: DeclineKnowledge): AbstainRule | undefined {
  return d.nearMiss === undefined ? undefined : knowledge.abstainRules.find((r) => r.id === d.nearMiss);
}

export function declineWording(d: AbstainDiagnosis, knowledge: DeclineKnowledge): DeclineWording {
  const rule = nearMissRule(d, knowledge);
  return { explanation: explanationOf(d, rule, knowledge), ...(rule ? { advice: rule.advice } : {}) };
}

function explanationOf(
  d: AbstainDiagnosis,
  rule: AbstainRule | undefined,
  knowledge: DeclineKnowledge,
): string {
  const closestTitle = () => {
    const id = d.candidate?.id;
    return id === undefined ? undefined : (knowledge.entries.find((e) => e.id === id)?.title ?? id);
  };
  switch (d.reason) {
    case 'empty':
      return EMPTY_PASTE;
    case 'no-match':
      return NOTHING_MATCHES;
    case 'not-covered':
      return rule?.reason ?? KNOWN_ERROR_NO_ARTICLE;
    case 'other-provider':
      return d.otherProviders?.length
        ? fromNamedServices(d.otherProviders)
        : (rule?.reason ?? FROM_ANOTHER_SERVICE);
    case 'low-confidence': {
      const title = closestTitle();
      return title === undefined ? NOTHING_MATCHES : mayBe(title);
    }
    case 'ambiguous': {
      const title = closestTitle();
      return title === undefined ? NOTHING_MATCHES : mayBeEither(title);
    }
  }
}
