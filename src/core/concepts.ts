import type { Vocabulary } from './knowledge-schema.js';
import { tokenize } from './signals.js';
import { phraseStems } from './stem.js';

// Finds the vocabulary's concepts in a paste: each concept phrase is a short run of word stems
// (small words kept, so "connect again" never shrinks to "connect"),
// looked up by its first stem, so one pass over the paste's stems finds them all (linear in the
// paste, times the few phrases sharing a first stem).

interface ConceptPhrase {
  readonly concept: string;
  readonly stems: readonly string[];
}

export class ConceptFinder {
  private readonly byFirst = new Map<string, ConceptPhrase[]>();

  constructor(vocabulary: Vocabulary) {
    for (const [concept, phrases] of Object.entries(vocabulary)) {
      for (const phrase of phrases) {
        const stems = phraseStems(tokenize(phrase.toLowerCase()));
        const first = stems[0];
        if (!first) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ concept, stems });
        this.byFirst.set(first, list);
      }
    }
  }

  /** Concepts present in the paste's stems (phraseStems: small words kept, as in the phrases). */
  find(stems: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i < stems.length; i++) {
      for (const p of this.byFirst.get(stems[i] as string) ?? []) {
        if (found.has(p.concept)) continue;
        let j = 1;
        while (j < p.stems.length && stems[i + j] === p.stems[j]) j++;
        if (j === p.stems.length) found.add(p.concept);
      }
    }
    return found;
  }
}
