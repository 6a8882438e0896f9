import {
  ContradictionFactors,
  EvidenceWeights,
  MatchDefaults,
  type MatchOptions,
} from '../src/core/defaults.js';
import { factsOf } from '../src/core/facts.js';
import type { KnowledgeEntry, KnowledgeIndex } from '../src/core/knowledge-schema.js';
import { type PhraseHit, PhraseIndex } from '../src/core/phrase-index.js';
import { providersIn } from '../src/core/providers.js';
import { type PreparedRules, prepareRules, type RuleScore, scoreRules } from '../src/core/score-rules.js';
import { extractSignals } from '../src/core/signals.js';
import type { AbstainDiagnosis, Candidate, Diagnosis, Signals } from '../src/core/types.js';

// The rule-based matcher xerofix shipped before the learned model (kept as the baseline that
// npm run eval measures beside it). Paste in, Diagnosis out. Declared rules first, fuzzy phrases for free text, then the
// abstain checks: a not-covered Xero error, another provider, too little evidence, or two
// entries too close to call. Pure and synchronous; the index is prepared once.

interface Scored {
  readonly id: string;
  readonly provider: string;
  readonly result: RuleScore;
}

type RuleKnowledge = Pick<KnowledgeIndex, 'entries' | 'abstainRules' | 'providers'>;

export interface BaselineMatcher {
  diagnose(paste: string): Diagnosis;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function createBaselineMatcher(
  index: RuleKnowledge,
  overrides: Partial<MatchOptions> = {},
): BaselineMatcher {
  const options: MatchOptions = { ...MatchDefaults, ...overrides };
  const entries = index.entries.map((e) => ({ entry: e, rules: prepareRules(e.match) }));
  const notCovered = index.abstainRules.map((r) => ({ rule: r, rules: prepareRules(r.match) }));
  const phrases = new PhraseIndex(
    index.entries.map((e) => ({ id: e.id, phrases: e.match.phrases, symptoms: e.match.symptoms })),
    options,
  );
  const providerNames = new Map(index.providers.map((p) => [p.id, p.name]));
  /** The near-miss class standing for "another service's error", which the reply words. */
  const providerClass = index.abstainRules.find((r) => r.namesProvider);
  const byId = new Map<string, KnowledgeEntry>(index.entries.map((e) => [e.id, e]));

  function score(
    id: string,
    provider: string,
    rules: PreparedRules,
    s: Signals,
    named: string[],
    hits?: readonly PhraseHit[],
  ): Scored {
    const base = scoreRules(rules, s, hits);
    let value = base.score;
    const evidence = [...base.evidence];
    if (value > 0 && named.includes(provider)) {
      value = 1 - (1 - value) * (1 - EvidenceWeights.provider);
      evidence.push({ kind: 'provider', value: provider, weight: EvidenceWeights.provider });
    } else if (value > 0 && !base.fingerprint && named.some((p) => p !== provider)) {
      value *= ContradictionFactors.otherProvider;
      evidence.push({
        kind: 'provider',
        value: named.join(' / '),
        weight: 1 - ContradictionFactors.otherProvider,
        against: true,
      });
    } else if (value > 0 && !named.length && !base.fingerprint) {
      value *= ContradictionFactors.unnamedProvider;
      evidence.push({
        kind: 'provider',
        value: 'none named',
        weight: 1 - ContradictionFactors.unnamedProvider,
        against: true,
      });
    }
    return { id, provider, result: { ...base, score: value, evidence } };
  }

  function diagnose(paste: string): Diagnosis {
    const s = extractSignals(paste);
    const named = providersIn(s, index.providers);
    const facts = factsOf(s, named);
    if (!s.tokens.length) {
      return {
        kind: 'abstain',
        entry: null,
        reason: 'empty',
        confidence: 0,
        evidence: [],
        facts,
      };
    }
    // "xeroom", "api.xero.com": a named provider counts as its own name for the phrases.
    const hits = phrases.search(named.length ? [...s.tokens, ...named] : s.tokens);
    const ranked = entries
      .map(({ entry, rules }) => score(entry.id, entry.provider, rules, s, named, hits.get(entry.id)))
      .sort((a, b) => b.result.score - a.result.score);
    const blockers = notCovered
      .map(({ rule, rules }) => score(rule.id, rule.provider, rules, s, named))
      .sort((a, b) => b.result.score - a.result.score);

    const best = ranked[0];
    const second = ranked[1];
    const blocker = blockers[0];
    const bestScore = best?.result.score ?? 0;
    const candidate: Candidate | undefined =
      best && bestScore >= options.noMatchBelow ? { id: best.id, confidence: round(bestScore) } : undefined;
    const abstain = (
      fields: Omit<AbstainDiagnosis, 'kind' | 'entry' | 'evidence' | 'confidence'> & {
        confidence?: number;
        evidence?: Scored;
      },
    ): Diagnosis => {
      const { evidence: from, confidence, ...rest } = fields;
      return {
        kind: 'abstain',
        entry: null,
        confidence: round(confidence ?? bestScore),
        evidence: (from ?? best)?.result.evidence ?? [],
        ...(candidate && rest.reason !== 'not-covered' && rest.reason !== 'other-provider'
          ? { candidate }
          : {}),
        ...rest,
        facts,
      };
    };

    // A recognised non-connection error beats an entry that was only described in words.
    const blockerWins =
      blocker &&
      blocker.result.score >= options.notCoveredMin &&
      (blocker.result.score >= bestScore || (blocker.result.specific && !best?.result.structured));
    if (blockerWins) {
      return abstain({
        reason: 'not-covered',
        nearMiss: blocker.id,
        pointsTo: blocker.id,
        confidence: blocker.result.score,
        evidence: blocker,
      });
    }
    // Named providers, none of them the best entry's, and nothing only that provider says.
    if (best && named.length && !named.includes(best.provider) && !best.result.fingerprint) {
      return abstain({
        reason: 'other-provider',
        ...(providerClass ? { nearMiss: providerClass.id } : {}),
        otherProviders: named.map((p) => providerNames.get(p) ?? p),
        pointsTo: named[0],
      });
    }
    if (!best || bestScore < options.noMatchBelow) {
      return abstain({ reason: 'no-match' });
    }
    const threshold = byId.get(best.id)?.minConfidence ?? options.minConfidence;
    if (bestScore < threshold) {
      return abstain({ reason: 'low-confidence' });
    }
    if (
      second &&
      second.result.score >= threshold &&
      bestScore - second.result.score < options.ambiguityMargin
    ) {
      return abstain({ reason: 'ambiguous' });
    }
    return {
      kind: 'match',
      entry: best.id,
      confidence: round(bestScore),
      evidence: best.result.evidence,
      ...(second && second.result.score >= options.noMatchBelow
        ? { runnerUp: { id: second.id, confidence: round(second.result.score) } }
        : {}),
      facts,
    };
  }

  return { diagnose };
}
