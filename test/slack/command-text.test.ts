import { describe, expect, it } from 'vitest';
import { decodeActionTarget, encodeActionTarget, parseCommandText } from '../../src/slack/command-text.js';

describe('reading what follows /xerofix', () => {
  it('treats empty text and help words as a request for usage', () => {
    for (const text of ['', '   ', 'help', 'HELP', '--help', '?'])
      expect(parseCommandText(text)).toEqual({ kind: 'help' });
  });

  it('reads probe with a customer, unwrapping the mailto link Slack may send', () => {
    expect(parseCommandText('probe Ops@Acme.com')).toEqual({ kind: 'probe', customer: 'ops@acme.com' });
    expect(parseCommandText('probe <mailto:ops@acme.com|ops@acme.com>')).toEqual({
      kind: 'probe',
      customer: 'ops@acme.com',
    });
  });

  it('asks which customer when probe has none or several words', () => {
    expect(parseCommandText('probe')).toEqual({ kind: 'probe-usage' });
    expect(parseCommandText('probe two words')).toEqual({ kind: 'probe-usage' });
  });

  it('diagnoses anything else, including text that merely mentions probing', () => {
    const paste = '"Title":"Unauthorized","Status":401 probe failed';
    expect(parseCommandText(` ${paste} `)).toEqual({ kind: 'diagnose', paste });
    expect(parseCommandText('probes are failing')).toEqual({ kind: 'diagnose', paste: 'probes are failing' });
  });

  it('carries a thread target through a button value and back', () => {
    const target = {
      lookupId: '0b7e2d0c-1111-4222-8333-444455556666',
      channel: 'C1',
      threadTs: '1700000000.000100',
    };
    expect(decodeActionTarget(encodeActionTarget(target))).toEqual(target);
    expect(decodeActionTarget(target.lookupId)).toEqual({ lookupId: target.lookupId });
  });
});
