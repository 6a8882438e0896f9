import { describe, expect, it } from 'vitest';
import { afterIntroduction } from '../../src/core/relay-intro.js';
import { shippedMatcher } from '../support/knowledge.js';

const matcher = shippedMatcher();
const GOOGLE_REFRESH =
  "google.auth.exceptions.RefreshError: ('invalid_grant: Token has been expired or revoked.', {'error': 'invalid_grant', 'error_description': 'Token has been expired or revoked.'})";
const XERO_401 = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';
const relayed = (paste: string) =>
  `Hi team,\nA shop owner says nothing has reached Xero since Monday. This is what they pasted:\n${paste}\nAny ideas?`;

describe('afterIntroduction', () => {
  it('splits a paste after the agent line that hands it over', () => {
    expect(afterIntroduction('hi,\nthe customer sent this:\n{"error":"invalid_grant"}')).toBe(
      '{"error":"invalid_grant"}',
    );
  });

  it('finds no handing-over line in a payload, after the first lines, or with nothing after it', () => {
    expect(afterIntroduction('{"error":\n"invalid_grant"}')).toBeUndefined();
    expect(afterIntroduction('one\ntwo\nthree\nthe customer sent this:\nerror')).toBeUndefined();
    expect(afterIntroduction('the customer sent this:\n   ')).toBeUndefined();
    expect(afterIntroduction('error:\ninvalid_grant')).toBeUndefined();
  });
});

describe('a paste handed over by an agent whose own line names Xero', () => {
  it("declines another service's error as that service's, not as a broken Xero connection", () => {
    expect(matcher.diagnose(GOOGLE_REFRESH).entry).toBeNull();
    const d = matcher.diagnose(relayed(GOOGLE_REFRESH));
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.pointsTo).toBe('google');
  });

  it('still answers a Xero error handed over the same way', () => {
    expect(matcher.diagnose(relayed(XERO_401)).entry).toBe(matcher.diagnose(XERO_401).entry);
    expect(matcher.diagnose(relayed(XERO_401)).entry).not.toBeNull();
  });

  it('keeps reading Xero in the paste when the paste itself names Xero beside the other service', () => {
    const both = `Pushing Google Sheets rows to api.xero.com fails:\n${XERO_401}`;
    expect(matcher.diagnose(relayed(both)).entry).toBe(matcher.diagnose(both).entry);
  });
});
