import { describe, expect, it } from 'vitest';
import { ConceptFinder } from '../../src/core/concepts.js';
import { tokenize } from '../../src/core/signals.js';
import { phraseStems } from '../../src/core/stem.js';

const finder = new ConceptFinder({
  reconnect: ['reconnect', 'connect again'],
  disconnected: ['not connected', 'disconnected'],
});
const conceptsIn = (text: string) => [...finder.find(phraseStems(tokenize(text.toLowerCase())))].sort();

describe('vocabulary concepts', () => {
  it('finds a phrase whose small words carry its meaning', () => {
    expect(conceptsIn('Xero is not connected any more, please connect again')).toEqual([
      'disconnected',
      'reconnect',
    ]);
  });

  it('does not shrink "connect again" or "not connected" to any mention of connecting', () => {
    expect(conceptsIn('POST https://identity.xero.com/connect/token 400 invalid_grant')).toEqual([]);
    expect(conceptsIn('connected to the organisation')).toEqual([]);
  });
});
