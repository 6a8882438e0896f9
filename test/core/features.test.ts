import { describe, expect, it } from 'vitest';
import { pasteFeatures } from '../../src/core/features.js';
import { extractSignals } from '../../src/core/signals.js';

const features = (paste: string) => pasteFeatures(extractSignals(paste), []);

describe('paste features', () => {
  it('marks a paste that asks a question, so a how-to can be told from a failure report', () => {
    expect(features('Is there a long-lived Xero token? We refresh every 30 minutes').has('x:question')).toBe(
      true,
    );
    expect(features('Does the sample app refresh tokens?').has('x:question')).toBe(true);
  });

  it('does not take the question mark of an address for a question', () => {
    const paste = 'GET https://login.xero.com/identity/connect/authorize?client_id=ABC returned 500';
    expect(features(paste).has('x:question')).toBe(false);
  });
});
