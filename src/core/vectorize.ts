import type { KnowledgeSources } from '../knowledge/schema.js';
import { ConceptFinder } from './concepts.js';
import { type FeatureVector, pasteFeatures } from './features.js';
import { providersIn } from './providers.js';
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
}

/** The model's classes: every entry (answerable), then every near-miss class. */
export function classesOf(k: ClassSources): { ids: string[]; answerable: boolean[] } {
  const ids = [...k.entries.map((e) => e.id), ...k.abstainRules.map((r) => r.id)];
  return { ids, answerable: ids.map((_, i) => i < k.entries.length) };
}

export class Vectorizer {
  private readonly scorer: RuleScorer;
  private readonly concepts: ConceptFinder;

  constructor(private readonly knowledge: ClassSources) {
    this.scorer = new RuleScorer(knowledge, classesOf(knowledge).ids);
    this.concepts = new ConceptFinder(knowledge.vocabulary);
  }

  vector(paste: string): PasteVector {
    const signals = extractSignals(paste);
    const named = providersIn(signals, this.knowledge.providers);
    const { features: rules, hits } = this.scorer.score(signals, named);
    return {
      signals,
      named,
      features: pasteFeatures(signals, named, (stems) => this.concepts.find(stems)),
      rules,
      ruleHits: hits,
    };
  }
}
