import { describe, expect, it } from 'vitest';
import { buildReply } from '../../src/reply/model.js';
import { shippedMatcher } from '../support/knowledge.js';

const matcher = shippedMatcher();
const diagnose = (paste: string) => matcher.diagnose(paste);

describe('matching pasted Xero errors to knowledge entries', () => {
  it('answers the seed article payload with the 401 entry', () => {
    const d = diagnose(
      '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"',
    );
    expect(d.entry).toBe('xero-401-unauthorized');
    expect(d.confidence).toBeGreaterThanOrEqual(0.7);
    expect(d.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['status', 'detail']));
    // The payload's keys and literals weigh in the model but are no evidence to show an agent.
    const words = d.evidence.filter((e) => e.kind === 'words').map((e) => e.value.toLowerCase());
    expect(words.filter((w) => ['null', 'type', 'detail', 'status', 'title'].includes(w))).toEqual([]);
  });

  it('tells 403 from 401 by the status although both say AuthenticationUnsuccessful', () => {
    const d = diagnose(
      '{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}',
    );
    expect(d.entry).toBe('xero-403-forbidden');
    expect(d.evidence).toContainEqual(expect.objectContaining({ kind: 'status', value: '403' }));
    const as401 = diagnose(
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}',
    );
    expect(as401.entry).toBe('xero-401-unauthorized');
  });

  it('maps a dead refresh token (invalid_grant) to the 401 entry and a bad client secret (invalid_client) to 403', () => {
    expect(
      diagnose('POST https://identity.xero.com/connect/token -> 400 {"error":"invalid_grant"}').entry,
    ).toBe('xero-401-unauthorized');
    expect(
      diagnose('POST https://identity.xero.com/connect/token -> 401 {"error":"invalid_client"}').entry,
    ).toBe('xero-403-forbidden');
  });

  it('answers the sign-in page error 500 with the redirect URI entry', () => {
    const d = diagnose(
      'Sorry, something went wrong\nError code: 500\nError: unauthorized_client : Invalid redirect_uri',
    );
    expect(d.entry).toBe('xero-500-cannot-connect');
  });

  it('abstains on a Xero internal error during an API call, which is not the connect-time 500', () => {
    const d = diagnose(
      '{"Title":"An error occurred","Detail":"An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.","Status":500}',
    );
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.reason).toBe('not-covered');
    expect(d.kind === 'abstain' && d.pointsTo).toBe('xero-internal-error');
  });

  it('never sends reconnect steps for a rate limit: the rate-limit answer, or a decline that says wait', () => {
    const d = diagnose('HTTP/1.1 429 Too Many Requests\nX-Rate-Limit-Problem: minute\nRetry-After: 37');
    const entry = matcher.index.entries.find((e) => e.id === d.entry);
    if (d.kind === 'match') expect(entry?.kind).toBe('rate-limit');
    else expect(d.advice).toMatch(/Retry-After/);
  });

  it('abstains on a missing-scope 401 (AuthorizationUnsuccessful), a different cause from a dropped connection', () => {
    const d = diagnose(
      '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthorizationUnsuccessful"}',
    );
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.pointsTo).toBe('xero-scope-missing');
  });

  it("abstains on another provider's invalid_grant and names the provider", () => {
    const d = diagnose(
      'POST https://oauth2.googleapis.com/token 400 {"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
    );
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.reason).toBe('other-provider');
    expect(d.kind === 'abstain' && d.explanation).toMatch(/Google/);
  });

  it('names another provider found only in a class name, an XML namespace or a name of two words', () => {
    const pastes: Array<[string, RegExp]> = [
      ['ShopifyException: (401 Unauthorized) [API] Invalid API key or access token', /Shopify/],
      [
        '<IntuitResponse xmlns="http://schema.intuit.com/finance/v3"><Fault type="AUTHENTICATION"><Error code="3200"><Message>message=AuthenticationFailed; errorCode=003200; statusCode=401</Message></Error></Fault></IntuitResponse>',
        /QuickBooks/,
      ],
      ['Could not refresh the Exact Online token: invalid_grant', /Exact Online/],
    ];
    for (const [paste, provider] of pastes) {
      const d = diagnose(paste);
      expect(d.entry, paste).toBeNull();
      expect(d.kind === 'abstain' && d.reason, paste).toBe('other-provider');
      expect(d.kind === 'abstain' && d.explanation, paste).toMatch(provider);
    }
  });

  it("never calls a paste another service's error when it names no other service", () => {
    // The same body as Google's, with nothing saying whose it is: at a Xero desk it is Xero's.
    for (const paste of [
      '{"error":"invalid_grant","error_description":"Token has been expired or revoked."}',
      'The refresh token has expired. Please sign in again.',
      'Unauthorized: invalid access token',
    ]) {
      const d = diagnose(paste);
      expect(d.kind === 'abstain' && d.reason, paste).not.toBe('other-provider');
    }
  });

  it('answers free text that describes a dropping connection', () => {
    expect(diagnose('my xero connection keeps dropping').entry).toBe('xero-401-unauthorized');
  });

  it('tolerates typos in free text', () => {
    expect(diagnose('xero conection keeps droping').entry).toBe('xero-401-unauthorized');
  });

  it('says plainly when nothing matches rather than guessing', () => {
    const d = diagnose('how do I change the invoice template in xero?');
    // A how-to question shares a word or two with a symptom; it must not be answered with a fix.
    expect(d.kind).toBe('abstain');
    expect(d.entry).toBeNull();
    const reply = buildReply(d, matcher.index);
    const fixSteps = matcher.index.entries.flatMap((e) => e.steps);
    expect(reply.steps.filter((s) => fixSteps.includes(s))).toEqual([]);
    expect(d.kind === 'abstain' ? (d.candidate?.confidence ?? 0) : 1).toBeLessThan(0.5);
  });

  it('reports an empty paste as empty', () => {
    const d = diagnose('  \n\t ');
    expect(d.kind === 'abstain' && d.reason).toBe('empty');
  });

  it('keeps confidence within [0, 1] and evidence values free of the raw paste', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.SECRET.TOKEN';
    const d = diagnose(
      `Authorization: Bearer ${secret}\n{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}`,
    );
    expect(d.confidence).toBeGreaterThan(0);
    expect(d.confidence).toBeLessThanOrEqual(1);
    expect(JSON.stringify(d.evidence)).not.toContain('SECRET');
  });
});
