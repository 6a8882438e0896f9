import { describe, expect, it } from 'vitest';
import { readEmailWrappings, withEmailWrappings } from '../../src/learn/email-wrappings.js';

describe('readEmailWrappings', () => {
  it('reads the wrappers between %% lines, after the comment lines at the top', () => {
    const file = '# two wrappers\n# for a test\nHi,\n\n{paste}\n\nThanks\n%%\n{paste}\nSent from my iPhone\n';
    expect(readEmailWrappings(file)).toEqual(['Hi,\n\n{paste}\n\nThanks', '{paste}\nSent from my iPhone']);
  });

  it('refuses a wrapper with no place for the paste, naming which one', () => {
    expect(() => readEmailWrappings('{paste}\n%%\nHi,\nThanks\n')).toThrow(/wrapper 2 has 0/);
    expect(() => readEmailWrappings('{paste}\n{paste}\n')).toThrow(/wrapper 1 has 2/);
  });
});

describe('withEmailWrappings', () => {
  it('puts the paste in place of the placeholder, keeping a "$" in the paste as it is', () => {
    const wrap = withEmailWrappings(['Hi,\n{paste}\nBye', '{paste}']);
    expect(wrap('cost $& and $1')).toEqual(['Hi,\ncost $& and $1\nBye', 'cost $& and $1']);
  });
});
