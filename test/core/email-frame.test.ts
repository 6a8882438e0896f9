import { describe, expect, it } from 'vitest';
import { withoutEmailFrame } from '../../src/core/email-frame.js';
import { extractSignals } from '../../src/core/signals.js';
import { shippedMatcher } from '../support/knowledge.js';

const PAYLOAD = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

/** What is left to read: the lines with anything on them. */
const kept = (text: string) =>
  withoutEmailFrame(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const ticket = (paste: string) => `Hello Support Team,

Hope you are well. Please see below.

${paste}

Kind regards,
Jasmine Patel
Practice Administrator
500 Lakeshore Blvd W, Unit 404, Toronto, ON M5V 1A5
Tel: 647-555-0112
jasmine@lakeshore.example.ca

--
The content of this message is confidential. If you have received it in error, please delete it.
It is forbidden to copy or forward this message without permission.

Sent from my iPhone`;

describe('withoutEmailFrame', () => {
  it('keeps only the error of an e-mail with a greeting, a signature and a confidentiality notice', () => {
    expect(kept(ticket(PAYLOAD))).toEqual([PAYLOAD]);
  });

  it('reads no status from a street number and no "forbidden" from the notice', () => {
    const s = extractSignals(ticket(PAYLOAD));
    expect(s.statuses).toEqual([401]);
    expect(s.words.has('forbidden')).toBe(false);
    expect(s.words.has('lakeshore')).toBe(false);
  });

  it('keeps the text the same length, so nothing else in the paste moves', () => {
    const mail = ticket(PAYLOAD);
    expect(withoutEmailFrame(mail)).toHaveLength(mail.length);
  });

  it("keeps a forwarded notice's sender name, subject words and quoted error, not its headers", () => {
    const mail = [
      '---------- Forwarded message ---------',
      'From: Shop Alerts <alerts@shop.example.com>',
      'Date: Tue, 3 Mar 2026 at 09:12',
      'Subject: Fwd: Xero connection needs reconnecting',
      'To: me@example.com',
      '',
      '> Orders could not be sent: 401 Unauthorized',
    ].join('\n');
    expect(kept(mail)).toEqual([
      'Shop Alerts',
      'Xero connection needs reconnecting',
      '> Orders could not be sent: 401 Unauthorized',
    ]);
  });

  it('does not take the error for a signature when a sign-off comes first', () => {
    expect(kept('Hi,\nThanks in advance!!\n\nReconnect needed')).toEqual(['Reconnect needed']);
    expect(kept('Cheers\n\nThe access token has expired')).toEqual(['The access token has expired']);
  });

  it('stops a signature at a line that reads like the error', () => {
    expect(kept(`${PAYLOAD}\n\nThanks,\nSam\ninvalid_grant again this morning`)).toEqual([
      PAYLOAD,
      'invalid_grant again this morning',
    ]);
  });

  it("keeps a log's own lines: a timestamp is no phone number, a status line no signature", () => {
    const page = 'Error response is\nTITLE\n504 Gateway Time-out\n\nDateTime\n2008-12-08T20:55:16.518375Z';
    expect(kept(page)).toEqual([
      'Error response is',
      'TITLE',
      '504 Gateway Time-out',
      'DateTime',
      '2008-12-08T20:55:16.518375Z',
    ]);
    const contact =
      'You can email the developer of this application at: developer@example.com\nRequest Details';
    expect(kept(contact)).toEqual(contact.split('\n'));
  });

  it('keeps what follows a greeting on the same line', () => {
    expect(kept('Hi, Xero says reconnect needed again\nThanks')).toEqual([
      'Xero says reconnect needed again',
    ]);
  });

  it('leaves a one-line paste and a long line alone', () => {
    expect(withoutEmailFrame('Kind regards, 403 Forbidden')).toBe('Kind regards, 403 Forbidden');
    const long = `Kind regards ${'x '.repeat(300)}`;
    expect(withoutEmailFrame(`${long}\n${PAYLOAD}`)).toBe(`${long}\n${PAYLOAD}`);
  });
});

describe('a ticket that arrives as an e-mail', () => {
  const matcher = shippedMatcher();

  it("declines another service's forwarded notice: the sender's name still says whose it is", () => {
    const notice = [
      '---------- Forwarded message ---------',
      'From: QuickBooks [mailto:no-reply@example.com]',
      'Date: Tue, 3 Mar 2026 at 09:12',
      'Subject: Action needed',
      '',
      'Your connection was disconnected. Sign in again to reconnect.',
    ].join('\n');
    const d = matcher.diagnose(notice);
    expect(d.entry).toBeNull();
    expect(d.kind === 'abstain' && d.otherProviders).toContain('QuickBooks Online');
  });

  it('answers a 401 inside a signed e-mail with the reconnect steps, as it answers the bare paste', () => {
    const bare = matcher.diagnose(PAYLOAD);
    const mailed = matcher.diagnose(ticket(PAYLOAD));
    expect(bare.entry).toBe('xero-401-unauthorized');
    expect(mailed.entry).toBe('xero-401-unauthorized');
    expect(mailed.confidence).toBeCloseTo(bare.confidence, 2);
  });

  it('still declines a near-miss whose e-mail notice says "forbidden" and whose address holds 403', () => {
    const nearMiss =
      '{"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred"}';
    const mail = ticket(nearMiss).replace('Unit 404', 'Suite 403');
    expect(matcher.diagnose(nearMiss).entry).toBeNull();
    expect(matcher.diagnose(mail).entry).toBeNull();
  });
});
