import { describe, expect, it } from 'vitest';
import { buildReply } from '../../src/reply/model.js';
import { TINY, tinyIndex, tinyMatcher } from '../support/tiny-knowledge.js';

// The matcher end to end on a small knowledge base of the test's own (test/support/
// tiny-knowledge.ts, fitted by the real build): how it reads a paste, not what the shipped
// articles say. The decision rules alone are in decide.test.ts.

const matcher = tinyMatcher();
const diagnose = (paste: string) => matcher.diagnose(paste);
const PAYLOAD_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

describe('matching pasted errors to knowledge entries', () => {
  it('answers a 401 payload with the 401 entry, showing the status and Detail as evidence', () => {
    const d = diagnose(PAYLOAD_401);
    expect(d.entry).toBe(TINY.dropped);
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
    expect(d.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['status', 'detail']));
    // The payload's keys and literals weigh in the model but are no evidence to show an agent.
    const words = d.evidence.filter((e) => e.kind === 'words').map((e) => e.value.toLowerCase());
    expect(words.filter((w) => ['null', 'type', 'detail', 'status', 'title'].includes(w))).toEqual([]);
  });

  it('tells 403 from 401 by the status although both say AuthenticationUnsuccessful', () => {
    expect(
      diagnose('{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}').entry,
    ).toBe(TINY.refused);
    expect(diagnose(`{${PAYLOAD_401}}`).entry).toBe(TINY.dropped);
  });

  it('tells the OAuth codes apart: invalid_grant is the dropped connection, invalid_client the refused app', () => {
    expect(
      diagnose('POST https://identity.xero.com/connect/token -> 400 {"error":"invalid_grant"}').entry,
    ).toBe(TINY.dropped);
    expect(
      diagnose('POST https://identity.xero.com/connect/token -> 401 {"error":"invalid_client"}').entry,
    ).toBe(TINY.refused);
  });

  it('answers a rate limit with the rate-limit entry, whose steps say to wait', () => {
    const d = diagnose('HTTP/1.1 429 Too Many Requests\nX-Rate-Limit-Problem: minute\nRetry-After: 37');
    expect(d.entry).toBe(TINY.slowDown);
    expect(d.facts).toMatchObject({ retryAfterSeconds: 37, rateLimitProblem: 'minute' });
  });

  it('answers free text that describes the problem, typos and all', () => {
    expect(diagnose('my xero connection keeps dropping').entry).toBe(TINY.dropped);
    expect(diagnose('xero conection keeps droping').entry).toBe(TINY.dropped);
  });
});

describe('declining with codes and facts, not sentences', () => {
  it('declines a missing-scope 401 as the near-miss class it is', () => {
    const d = diagnose(
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthorizationUnsuccessful"}',
    );
    expect(d).toMatchObject({ kind: 'abstain', entry: null, reason: 'not-covered', nearMiss: TINY.scope });
    expect(d.kind === 'abstain' && d.pointsTo).toBe(TINY.scope);
    expect(d.evidence.length).toBeGreaterThan(0);
  });

  it("declines another provider's invalid_grant, naming the providers found", () => {
    const d = diagnose(
      'POST https://oauth2.googleapis.com/token 400 {"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
    );
    expect(d).toMatchObject({
      kind: 'abstain',
      reason: 'other-provider',
      nearMiss: TINY.otherProvider,
      otherProviders: ['Google'],
      pointsTo: 'google',
    });
  });

  it('finds another provider named only in an XML element, by the name providers.yml gives it', () => {
    const d = diagnose(
      '<IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="AUTHENTICATION"><Error code="3200"><Message>message=AuthenticationFailed; statusCode=401</Message></Error></Fault></IntuitResponse>',
    );
    expect(d).toMatchObject({ reason: 'other-provider', otherProviders: ['QuickBooks Online'] });
  });

  it('names no provider when only the URL of an unknown service shows the error is not Xero’s', () => {
    const d = diagnose('https://example.com/api 502 Bad Gateway');
    expect(d).toMatchObject({ reason: 'other-provider', otherProviders: [] });
  });

  it("never calls a paste another service's error when it names no other service", () => {
    for (const paste of [
      '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
      'The refresh token has expired. Please sign in again.',
    ]) {
      const d = diagnose(paste);
      expect(d.kind === 'abstain' && d.reason, paste).not.toBe('other-provider');
    }
  });

  it('declines a how-to question rather than answering it with a fix', () => {
    const d = diagnose('how do I change the invoice template in xero?');
    expect(d).toMatchObject({ kind: 'abstain', entry: null, nearMiss: TINY.notAnError });
    const fixSteps = tinyIndex().entries.flatMap((e) => e.steps);
    expect(buildReply(d, tinyIndex()).steps.filter((s) => fixSteps.includes(s))).toEqual([]);
  });

  it('declines as unsure below the threshold, naming the closest entry as the candidate', () => {
    const strict = tinyMatcher({ minConfidence: 0.99 });
    const d = strict.diagnose(
      '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
    );
    expect(d).toMatchObject({ kind: 'abstain', reason: 'low-confidence', candidate: { id: TINY.dropped } });
    expect(d.kind === 'abstain' && d.candidate?.confidence).toBe(d.confidence);
    // The same paste is answered at the fitted threshold: only the line moved.
    expect(
      diagnose('{"error":"invalid_grant","error_description":"Token has been expired or revoked."}').entry,
    ).toBe(TINY.dropped);
  });

  it('lets an entry’s own minConfidence win over the one the caller sets', () => {
    const strict = tinyMatcher({ minConfidence: 0.999_9 });
    const d = strict.diagnose('we hit the xero rate limit, 429 Too Many Requests');
    expect(d.entry).toBe(TINY.slowDown);
  });

  it('reports an empty paste as empty', () => {
    expect(diagnose('  \n\t ')).toMatchObject({
      kind: 'abstain',
      reason: 'empty',
      confidence: 0,
      evidence: [],
    });
  });

  it('keeps confidence within [0, 1] and evidence values free of the raw paste', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.SECRET.TOKEN';
    const d = diagnose(`Authorization: Bearer ${secret}\n{${PAYLOAD_401}}`);
    expect(d.confidence).toBeGreaterThan(0);
    expect(d.confidence).toBeLessThanOrEqual(1);
    expect(JSON.stringify(d.evidence)).not.toContain('SECRET');
  });

  it('holds no sentence in a decline: the reply words it', () => {
    const d = diagnose(
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthorizationUnsuccessful"}',
    );
    expect(Object.keys(d)).not.toContain('explanation');
    expect(Object.keys(d)).not.toContain('advice');
    expect(JSON.stringify(d)).not.toMatch(/Scope-reason-marker|Scope-advice-marker/);
  });
});
