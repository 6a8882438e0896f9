import { explainFromPaste } from './explain.js';
import { factsOf } from './facts.js';
import type { KnowledgeIndex } from './knowledge-schema.js';
import { logits, scoringWeights, softmax, weightedFeatures } from './model.js';
import type { Candidate, Diagnosis, Evidence } from './types.js';
import { Vectorizer, wordsOf } from './vectorize.js';

// Paste in, Diagnosis out. The paste is read into signals and features once, the fitted model
// gives a calibrated probability per class, and the decision is data: the most likely class is
// answered when it is an entry and clears that entry's threshold (fitted at kb build from
// held-out examples); a near-miss class (rate limit, validation error, another provider…) is
// declined with what it is instead. Pure and synchronous; the index is prepared once.

export interface Matcher {
  readonly index: KnowledgeIndex;
  diagnose(paste: string): Diagnosis;
}

export interface MatcherOptions {
  /** One confidence every entry must reach, replacing the fitted per-entry thresholds. */
  readonly minConfidence?: number | undefined;
}

/** Below this the closest entry is not worth naming as a candidate. */
const CANDIDATE_FROM = 0.15;
/** A near-miss class is named ("this is a rate limit") only when it is at least this likely. */
const NAME_NEAR_MISS_FROM = 0.5;
const round = (n: number) => Math.round(n * 1000) / 1000;

export function createMatcher(index: KnowledgeIndex, options: MatcherOptions = {}): Matcher {
  const { model } = index;
  const weights = scoringWeights(model);
  const vectorizer = new Vectorizer(index, wordsOf(weights.rows.keys()));
  const classCount = model.classes.length;
  const entryById = new Map(index.entries.map((e) => [e.id, e]));
  const ruleById = new Map(index.abstainRules.map((r) => [r.id, r]));
  const providerNames = new Map(index.providers.map((p) => [p.id, p.name]));
  const thresholdOf = (k: number) =>
    entryById.get(model.classes[k] as string)?.minConfidence ??
    options.minConfidence ??
    (model.thresholds[k] as number);

  function diagnose(paste: string): Diagnosis {
    const v = vectorizer.vector(paste);
    const facts = factsOf(v.signals, v.named);
    if (!v.signals.tokens.length) {
      return {
        kind: 'abstain',
        entry: null,
        reason: 'empty',
        explanation: 'The paste has no text to diagnose.',
        confidence: 0,
        evidence: [],
        facts,
      };
    }
    const weighted = weightedFeatures(weights, v.features);
    const p = softmax(logits(weights, weighted, v.rules, v.excluded), model.temperature);
    let top = 0;
    let bestEntry = -1;
    for (let k = 0; k < classCount; k++) {
      if ((p[k] as number) > (p[top] as number)) top = k;
      if (model.answerable[k] && (bestEntry < 0 || (p[k] as number) > (p[bestEntry] as number)))
        bestEntry = k;
    }
    const id = (k: number) => model.classes[k] as string;
    const evidenceFor = (k: number): Evidence[] => explainFromPaste(weighted, v, k);
    const candidate: Candidate | undefined =
      bestEntry >= 0 && (p[bestEntry] as number) >= CANDIDATE_FROM
        ? { id: id(bestEntry), confidence: round(p[bestEntry] as number) }
        : undefined;

    if (model.answerable[top] && (p[top] as number) >= thresholdOf(top)) {
      let second = -1;
      for (let k = 0; k < classCount; k++)
        if (k !== top && model.answerable[k] && (second < 0 || (p[k] as number) > (p[second] as number)))
          second = k;
      return {
        kind: 'match',
        entry: id(top),
        confidence: round(p[top] as number),
        evidence: evidenceFor(top),
        ...(second >= 0 && (p[second] as number) >= CANDIDATE_FROM
          ? { runnerUp: { id: id(second), confidence: round(p[second] as number) } }
          : {}),
        facts,
      };
    }
    if (!model.answerable[top] && (p[top] as number) >= NAME_NEAR_MISS_FROM) {
      const rule = ruleById.get(id(top));
      const others = v.named.filter((n) => !index.entries.some((e) => e.provider === n));
      if (rule?.namesProvider) {
        const names = others.map((n) => providerNames.get(n) ?? n);
        return {
          kind: 'abstain',
          entry: null,
          reason: 'other-provider',
          explanation: names.length
            ? `This error comes from ${names.join(', ')}, not from Xero; the knowledge base has no article for it.`
            : (rule?.reason ?? 'This error comes from another service, not from Xero.'),
          ...(rule ? { advice: rule.advice } : {}),
          pointsTo: others[0] ?? id(top),
          confidence: round(p[top] as number),
          evidence: evidenceFor(top),
          facts,
        };
      }
      return {
        kind: 'abstain',
        entry: null,
        reason: 'not-covered',
        explanation: rule?.reason ?? 'This is a known error that no article covers.',
        ...(rule ? { advice: rule.advice } : {}),
        pointsTo: id(top),
        confidence: round(p[top] as number),
        evidence: evidenceFor(top),
        facts,
      };
    }
    const closest = model.answerable[top] ? top : bestEntry;
    const title = entryById.get(id(closest))?.title ?? id(closest);
    const weak = closest < 0 || !model.answerable[top] || (p[closest] as number) < CANDIDATE_FROM;
    return {
      kind: 'abstain',
      entry: null,
      reason: weak ? 'no-match' : 'low-confidence',
      explanation: weak
        ? 'Nothing in the paste matches a known Xero error.'
        : `It may be "${title}", but the paste does not show enough to be sure.`,
      confidence: closest >= 0 ? round(p[closest] as number) : 0,
      evidence: weak ? [] : evidenceFor(closest),
      ...(candidate ? { candidate } : {}),
      facts,
    };
  }

  return { index, diagnose };
}
