import { ConceptFinder } from './concepts.js';
import { contextOf, type FeatureVector, pasteFeatures } from './features.js';
import type { KnowledgeSources } from './knowledge-schema.js';
import { providersIn } from './providers.js';
import { afterIntroduction } from './relay-intro.js';
import { type RuleFeatures, RuleScorer } from './rule-features.js';
import { extractSignals } from './signals.js';
import type { Evidence, Signals } from './types.js';

// One paste, read once into everything the model and the explanation need. Shared by the
// matcher and by the fit, so the model is trained on exactly what it later sees.

export type ClassSources = Pick<KnowledgeSources, 'entries' | 'abstainRules' | 'providers' | 'vocabulary'>;

export interface PasteVector {
  readonly signals: Signals;
  /** Providers the paste names (ids from providers.yml). */
  readonly named: string[];
  readonly features: FeatureVector;
  readonly rules: RuleFeatures;
  /** Supporting rule evidence per class index. */
  readonly ruleHits: Map<number, Evidence[]>;
  /** Classes this paste cannot be: "another service's error" when it names no other service. */
  readonly excluded: readonly number[];
}

/** The model's classes: every entry (answerable), then every near-miss class. */
export function classesOf(k: ClassSources): { ids: string[]; answerable: boolean[] } {
  const ids = [...k.entries.map((e) => e.id), ...k.abstainRules.map((r) => r.id)];
  return { ids, answerable: ids.map((_, i) => i < k.entries.length) };
}

/** The classes that say "this is another service's error" (namesProvider in not-covered.yml). */
export function providerClassesOf(k: ClassSources): number[] {
  const { ids } = classesOf(k);
  const naming = new Set(k.abstainRules.filter((r) => r.namesProvider).map((r) => r.id));
  return ids.flatMap((id, i) => (naming.has(id) ? [i] : []));
}

export class Vectorizer {
  private readonly scorer: RuleScorer;
  private readonly concepts: ConceptFinder;
  private readonly providerClasses: readonly number[];

  /** @param knownWords word stems the model has learned (see PhraseIndex): spelled right, never typo-corrected. */
  constructor(
    private readonly knowledge: ClassSources,
    knownWords?: ReadonlySet<string>,
  ) {
    this.scorer = new RuleScorer(knowledge, classesOf(knowledge).ids, knownWords);
    this.concepts = new ConceptFinder(knowledge.vocabulary);
    this.providerClasses = providerClassesOf(knowledge);
  }

  /** What the paste says and the services it names. When an agent's opening line handing the
   *  paste over is all that names Xero and the pasted text names another service, the pasted
   *  text alone is read: the opening line tells the customer's Xero symptom, not whose error it
   *  is (see relay-intro.ts). */
  private pasted(signals: Signals): { signals: Signals; named: string[] } {
    const named = providersIn(signals, this.knowledge.providers);
    if (!named.includes('xero') || named.length < 2) return { signals, named };
    const pastedText = afterIntroduction(signals.text);
    if (pastedText === undefined) return { signals, named };
    const body = extractSignals(pastedText);
    const bodyNamed = providersIn(body, this.knowledge.providers);
    return bodyNamed.length && !bodyNamed.includes('xero')
      ? { signals: body, named: bodyNamed }
      : { signals, named };
  }

  vector(paste: string): PasteVector {
    return this.vectorOf(extractSignals(paste));
  }

  /** The same, for a paste already read into signals. */
  vectorOf(read: Signals): PasteVector {
    const { signals, named } = this.pasted(read);
    const { features: rules, hits } = this.scorer.score(signals, named);
    const context = contextOf(signals, named);
    return {
      signals,
      named,
      features: pasteFeatures(signals, named, (stems) => this.concepts.find(stems), context),
      rules,
      ruleHits: hits,
      // The desk serves a Xero integration: a paste that names no other service is read as
      // Xero's, so "another provider's error" is only possible when one is named (a provider of
      // providers.yml, or a URL of another service). Learned weights could not promise this.
      excluded: context === 'other' || context === 'both' ? [] : this.providerClasses,
    };
  }
}

/** The word stems a fitted model has weights for: the words its examples spelled this way. */
export function wordsOf(featureNames: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const name of featureNames) if (name.startsWith('w:')) words.add(name.slice(2));
  return words;
}
