import { describe, it } from 'vitest';
import { shippedMatcher } from '../support/knowledge.js';
import { assertLinearOnAdversarialText } from '../support/linear-time.js';

// Shipped knowledge: the matcher with every article, pattern and phrase that ships, since a
// slow-down may show only with a large pattern set.
const matcher = shippedMatcher();

describe('shipped knowledge: match on 128 KB of adversarial text', () => {
  it('stays within a linear bound', () => assertLinearOnAdversarialText((t) => matcher.diagnose(t)));
});
