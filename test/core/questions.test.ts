import { describe, expect, it } from 'vitest';
import { questionShare, withoutHelpRequests } from '../../src/core/questions.js';
import { shippedMatcher } from '../support/knowledge.js';

describe('withoutHelpRequests', () => {
  it('blanks a closing request for help and keeps the error above it', () => {
    const paste = '"status":401,"detail":"authenticationunsuccessful"}\nwhat do i do?';
    const out = withoutHelpRequests(paste);
    expect(out).toContain('"status":401,"detail":"authenticationunsuccessful"}');
    expect(out).not.toContain('what');
    expect(out).not.toContain('?');
  });

  it('keeps the text the same length, so nothing else in the paste moves', () => {
    const paste = 'xero says reconnect needed again. why?? any ideas?!';
    expect(withoutHelpRequests(paste)).toHaveLength(paste.length);
    expect(withoutHelpRequests(paste).trim()).toBe('xero says reconnect needed again.');
  });

  it('keeps a question that names something: how-to questions are the model’s to weigh', () => {
    for (const q of [
      'is there a long-lived token?',
      'can i use the client credentials grant for a custom connection?',
      'why does the 403 only happen on payroll?',
    ])
      expect(withoutHelpRequests(q)).toBe(q);
  });

  it('blanks only the asking clause after a comma, not the report before it', () => {
    expect(withoutHelpRequests('orders stopped reaching xero, what should i do?').trim()).toBe(
      'orders stopped reaching xero,',
    );
    // A clause that does not start by asking is left alone ("..., please?").
    expect(withoutHelpRequests('is there a way to renew it, please?')).toBe(
      'is there a way to renew it, please?',
    );
  });

  it('blanks an asking clause after a dash, and one that asks without a question mark', () => {
    expect(withoutHelpRequests('"status":401 on every push - what do i do?').trim()).toBe(
      '"status":401 on every push -',
    );
    expect(withoutHelpRequests('xero 403 wrong tenant id, how to resolve').trim()).toBe(
      'xero 403 wrong tenant id,',
    );
    expect(withoutHelpRequests('token expired, how do i fix it.\nsecond line').trim()).toBe(
      'token expired,                .\nsecond line',
    );
    // A hyphen inside a word starts no clause; a statement that does not ask is kept.
    expect(withoutHelpRequests('re-connect needed, please')).toBe('re-connect needed, please');
  });

  it('does not end a question at a question mark inside an address', () => {
    const url = 'https://login.xero.com/identity/connect/authorize?client_id=abc what?x';
    expect(withoutHelpRequests(url)).toBe(url);
  });

  it('leaves a paste without questions untouched', () => {
    const paste = 'token expired at 02/20/2025 08:32:50';
    expect(withoutHelpRequests(paste)).toBe(paste);
  });
});

describe('questionShare', () => {
  it('is 1 for a paste that is all question and 0 for one that asks nothing', () => {
    expect(questionShare('is there a long-lived token?')).toBe(1);
    expect(questionShare('the xero connection dropped.')).toBe(0);
  });

  it('is small for a long report that ends with a short question', () => {
    const share = questionShare(
      'since this morning every invoice fails to sync and the plugin shows a red banner. is it on your side?',
    );
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.3);
  });

  it('does not count a question mark inside an address', () => {
    expect(questionShare('see https://x.com/a?b=c for details')).toBe(0);
  });
});

describe('a closing question in a real ticket', () => {
  const matcher = shippedMatcher();

  it('answers "Xero says reconnect needed again. Why?" with the reconnect steps, as without the "Why?"', () => {
    const plain = matcher.diagnose('Xero says reconnect needed again');
    const asked = matcher.diagnose('Xero says reconnect needed again. Why?');
    expect(plain.entry).toBe('xero-401-unauthorized');
    expect(asked.entry).toBe('xero-401-unauthorized');
  });

  it('answers a payload followed by "How do I fix this?" as it answers the payload', () => {
    const payload = '{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful"}';
    expect(matcher.diagnose(`${payload}\nHow do I fix this?`).entry).toBe(matcher.diagnose(payload).entry);
    expect(matcher.diagnose(payload).entry).toBe('xero-403-forbidden');
  });
});
