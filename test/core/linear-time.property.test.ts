import { describe, it } from 'vitest';
import { extractSignals } from '../../src/core/signals.js';
import { redact } from '../../src/secrets/redact.js';
import { assertLinearOnAdversarialText } from '../support/linear-time.js';
import { tinyMatcher } from '../support/tiny-knowledge.js';

// The scanners on 128 KB of adversarial text (see support/linear-time.ts). The matcher runs on
// the tiny knowledge of the tests here; linear-time.shipped.test.ts runs it on the shipped one,
// whose larger pattern and phrase sets are what production scans with.
const matcher = tinyMatcher();

const scanners: Array<[string, (text: string) => unknown]> = [
  ['signals', extractSignals],
  ['match', (t) => matcher.diagnose(t)],
  ['redaction', redact],
];

describe.each(scanners)('%s on 128 KB of adversarial text', (_name, scan) => {
  it('stays within a linear bound', () => assertLinearOnAdversarialText(scan));
});
