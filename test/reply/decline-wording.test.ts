import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS } from '../../src/core/facts.js';
import { abstainRuleSchema, entrySchema } from '../../src/core/knowledge-schema.js';
import type { AbstainDiagnosis, Diagnosis } from '../../src/core/types.js';
import { declineWording } from '../../src/reply/decline-wording.js';
import { buildReply } from '../../src/reply/model.js';
import { toJson } from '../../src/reply/render-json.js';

// A decline arrives as codes and facts (reason, near-miss class, providers named, closest
// entry); its words come from the knowledge's rules and from the reply's own sentences.

const entry = entrySchema.parse({
  id: 'demo-dropped',
  title: 'Demo connection dropped',
  provider: 'xero',
  article: 'Demo',
  match: {},
  meaning: 'It dropped.',
  steps: ['Reconnect.'],
});
const validation = abstainRuleSchema.parse({
  id: 'demo-validation',
  reason: 'Reason-marker: the data was rejected.',
  advice: 'Advice-marker: correct the field.',
  match: {},
});
const otherProvider = abstainRuleSchema.parse({
  id: 'demo-other-provider',
  title: 'Not a Xero error',
  reason: 'Provider-reason-marker: another service.',
  advice: 'Provider-advice-marker: check that service.',
  namesProvider: true,
  match: {},
});
const knowledge = { entries: [entry], abstainRules: [validation, otherProvider] };

const declined = (
  fields: Pick<AbstainDiagnosis, 'reason'> & Partial<AbstainDiagnosis>,
): AbstainDiagnosis & Diagnosis => ({
  kind: 'abstain',
  entry: null,
  confidence: 0.7,
  evidence: [],
  facts: EMPTY_FACTS,
  ...fields,
});

describe('wording a declined paste from its codes', () => {
  it('speaks in the near-miss rule’s own reason and advice', () => {
    expect(
      declineWording(declined({ reason: 'not-covered', nearMiss: 'demo-validation' }), knowledge),
    ).toEqual({
      explanation: validation.reason,
      advice: validation.advice,
    });
  });

  it('says a rule the knowledge no longer declares is a known error, and advises nothing', () => {
    expect(declineWording(declined({ reason: 'not-covered', nearMiss: 'gone-rule' }), knowledge)).toEqual({
      explanation: 'This is a known error that no article covers.',
    });
  });

  it('names the other services found, and falls back to the rule’s reason when none was named', () => {
    const named = declineWording(
      declined({
        reason: 'other-provider',
        nearMiss: 'demo-other-provider',
        otherProviders: ['Google', 'Stripe'],
      }),
      knowledge,
    );
    expect(named.explanation).toBe(
      'This error comes from Google, Stripe, not from Xero; the knowledge base has no article for it.',
    );
    expect(named.advice).toBe(otherProvider.advice);
    const unnamed = declineWording(
      declined({ reason: 'other-provider', nearMiss: 'demo-other-provider', otherProviders: [] }),
      knowledge,
    );
    expect(unnamed.explanation).toBe(otherProvider.reason);
  });

  it('names the closest entry by its title when unsure, and only says nothing matched otherwise', () => {
    const unsure = declined({ reason: 'low-confidence', candidate: { id: 'demo-dropped', confidence: 0.4 } });
    expect(declineWording(unsure, knowledge)).toEqual({
      explanation: 'It may be "Demo connection dropped", but the paste does not show enough to be sure.',
    });
    expect(declineWording(declined({ reason: 'no-match' }), knowledge).explanation).toBe(
      'Nothing in the paste matches a known Xero error.',
    );
    expect(declineWording(declined({ reason: 'empty' }), knowledge).explanation).toBe(
      'The paste has no text to diagnose.',
    );
  });

  it('gives the reply its meaning and its one step from the same words', () => {
    const d = declined({ reason: 'not-covered', nearMiss: 'demo-validation', pointsTo: 'demo-validation' });
    const reply = buildReply(d, knowledge);
    expect(reply).toMatchObject({
      kind: 'no-answer',
      meaning: validation.reason,
      steps: [validation.advice],
    });
  });

  it('keeps explanation and advice as fields of the JSON diagnosis, in their old place', () => {
    const d = declined({ reason: 'not-covered', nearMiss: 'demo-validation', pointsTo: 'demo-validation' });
    const json = toJson(d, buildReply(d, knowledge), knowledge);
    expect(Object.keys(json)).toEqual([
      'entry',
      'confidence',
      'evidence',
      'kind',
      'reason',
      'explanation',
      'advice',
      'pointsTo',
      'facts',
      'reply',
      'sections',
    ]);
    expect(json).toMatchObject({ explanation: validation.reason, advice: validation.advice });
  });
});
