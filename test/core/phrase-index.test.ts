import Fuse from 'fuse.js';
import { describe, expect, it, vi } from 'vitest';
import { MatchDefaults } from '../../src/core/defaults.js';
import { PhraseIndex } from '../../src/core/phrase-index.js';
import { tokenize } from '../../src/core/signals.js';
import { contentStems } from '../../src/core/stem.js';

const owners = [{ id: 'dropped', phrases: ['xero connection keeps dropping'] }];
const coverage = (index: PhraseIndex, text: string) =>
  index.search(tokenize(text.toLowerCase())).get('dropped')?.[0]?.coverage ?? 0;
const typed = 'xero conection keeps dropping';

describe('phrases typed with typos', () => {
  it('corrects a misspelt word towards a phrase', () => {
    const exact = coverage(new PhraseIndex(owners, MatchDefaults), 'xero connection keeps dropping');
    expect(coverage(new PhraseIndex(owners, MatchDefaults), typed)).toBeGreaterThan(0.8 * exact);
  });

  it('leaves a word the knowledge already knows as it is spelt', () => {
    // A spelling the examples use (a vendor's own, say) is a word of its own, not a typo.
    const known = new Set(contentStems(['conection']));
    const corrected = coverage(new PhraseIndex(owners, MatchDefaults), typed);
    expect(coverage(new PhraseIndex(owners, MatchDefaults, known), typed)).toBeLessThan(corrected);
  });

  it('never runs a fuzzy search for a word longer than any known word could be misspelt to', () => {
    const index = new PhraseIndex(owners, MatchDefaults);
    const searches = vi.spyOn(Fuse.prototype, 'search');
    try {
      // One 64 KB "word" (a customer's pasted blob): searching it would hold the event loop.
      index.search(['xero', `conn${'e'.repeat(64 * 1024)}ction`, 'keeps']);
      expect(searches).not.toHaveBeenCalled();
      index.search(['xero', 'conection', 'keeps']);
      expect(searches).toHaveBeenCalledTimes(1);
    } finally {
      searches.mockRestore();
    }
  });
});
