import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS } from '../../src/core/facts.js';
import { type AbstainRule, abstainRuleSchema, entrySchema } from '../../src/core/knowledge-schema.js';
import type { AbstainDiagnosis, Diagnosis, PasteFacts } from '../../src/core/types.js';
import { buildReply, replyForEntry } from '../../src/reply/model.js';

// The escalation and the "does not apply" headline come from the entry; when an entry says
// nothing, the reply's own words assume nothing about what kind of problem it is.

const base = {
  provider: 'xero',
  article: 'Demo',
  match: {},
  meaning: 'Something happened.',
  causes: ['A cause.'],
  steps: ['Do the thing.'],
};
const connection = entrySchema.parse({
  ...base,
  id: 'demo-connection',
  title: 'The connection dropped',
  kind: 'connection-broken',
  escalation: 'If the connection does not come back, open a ticket with the correlation id.',
  notApplicableTitle: 'Not a broken connection',
});
const rateLimit = entrySchema.parse({
  ...base,
  id: 'demo-rate-limit',
  title: 'Too many calls',
  kind: 'rate-limit',
});
const validation: AbstainRule = abstainRuleSchema.parse({
  id: 'demo-validation',
  reason: 'The data was rejected.',
  advice: 'Correct the field the error names.',
  match: {},
});
const named: AbstainRule = abstainRuleSchema.parse({
  ...validation,
  id: 'demo-named',
  title: 'Not an error at all',
});
const knowledge = { entries: [connection, rateLimit], abstainRules: [validation, named] };

const NO_FACTS: PasteFacts = EMPTY_FACTS;
const declined = (extra: Partial<AbstainDiagnosis>): Diagnosis => ({
  kind: 'abstain',
  entry: null,
  reason: 'not-covered',
  confidence: 0.8,
  evidence: [],
  facts: NO_FACTS,
  ...extra,
});
const CONNECTION_WORDS = /connection|reconnect|broken/i;

describe('wording an answer from its entry', () => {
  it('escalates in the entry’s own words', () => {
    expect(replyForEntry('demo-connection', knowledge)?.escalation).toBe(connection.escalation);
  });

  it('escalates in neutral words when the entry declares none', () => {
    const escalation = replyForEntry('demo-rate-limit', knowledge)?.escalation ?? '';
    expect(escalation).toMatch(/open a ticket/);
    expect(escalation).not.toMatch(CONNECTION_WORDS);
  });
});

describe('the headline of a declined paste', () => {
  it('is the closest entry’s own "does not apply" title when the paste is recognised as something else', () => {
    const reply = buildReply(
      declined({ nearMiss: 'demo-validation', candidate: { id: 'demo-connection', confidence: 0.4 } }),
      knowledge,
    );
    expect(reply.title).toBe('Not a broken connection');
  });

  it('claims nothing about connections when the closest entry is of another kind and says nothing', () => {
    const reply = buildReply(
      declined({ nearMiss: 'demo-validation', candidate: { id: 'demo-rate-limit', confidence: 0.4 } }),
      knowledge,
    );
    expect(reply.title).not.toMatch(CONNECTION_WORDS);
    expect(reply.title).not.toBe('Not a broken connection');
  });

  it('claims nothing about connections for a known error with no entry near it', () => {
    const reply = buildReply(
      declined({ nearMiss: 'demo-validation', pointsTo: 'demo-validation' }),
      knowledge,
    );
    expect(reply.title).not.toMatch(CONNECTION_WORDS);
    expect(reply.steps).toEqual([validation.advice]);
    expect(reply.escalation).not.toMatch(CONNECTION_WORDS);
  });

  it('is the class’s own title when the knowledge gives one', () => {
    const reply = buildReply(
      declined({
        nearMiss: 'demo-named',
        pointsTo: 'demo-named',
        candidate: { id: 'demo-connection', confidence: 0.4 },
      }),
      knowledge,
    );
    expect(reply.title).toBe('Not an error at all');
  });

  it('says only that there is no confident answer when nothing was recognised', () => {
    const reply = buildReply(
      declined({ reason: 'low-confidence', candidate: { id: 'demo-connection', confidence: 0.4 } }),
      knowledge,
    );
    expect(reply.title).toBe('No confident answer');
  });
});

describe('a rate limit answered from a paste that names the wait', () => {
  const matched = (facts: Partial<PasteFacts>, entry = 'demo-rate-limit'): Diagnosis => ({
    kind: 'match',
    entry,
    confidence: 0.9,
    evidence: [],
    facts: { ...NO_FACTS, ...facts },
  });

  it('opens with the wait from Retry-After and the limit reached, and says the connection is fine', () => {
    const reply = buildReply(matched({ retryAfterSeconds: 37, rateLimitProblem: 'minute' }), knowledge);
    expect(reply.why).toMatch(/^Wait 37 seconds before the next call/);
    expect(reply.why).toMatch(/minute limit/);
    expect(reply.why).toMatch(/connection itself is fine/);
    expect(reply.meaning.endsWith(rateLimit.meaning)).toBe(true);
    expect(reply.facts).toContainEqual({ label: 'Retry-After', value: '37 seconds' });
  });

  it('reads a daily wait in hours and minutes', () => {
    expect(buildReply(matched({ retryAfterSeconds: 66975 }), knowledge).why).toMatch(
      /^Wait 18 hours 36 minutes/,
    );
  });

  it('keeps the article’s meaning as it is when the paste names no wait, or the entry is no rate limit', () => {
    expect(buildReply(matched({}), knowledge).meaning).toBe(rateLimit.meaning);
    expect(buildReply(matched({ retryAfterSeconds: 37 }, 'demo-connection'), knowledge).meaning).toBe(
      connection.meaning,
    );
  });
});
