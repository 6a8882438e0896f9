import { describe, expect, it } from 'vitest';
import { readWrappings, withWrappings } from '../../src/learn/wrappings.js';

describe('readWrappings', () => {
  it('reads the wrappers between %% lines, after the comment lines at the top', () => {
    const file = '# two wrappers\n# for a test\nHi,\n\n{paste}\n\nThanks\n%%\n{paste}\nSent from my iPhone\n';
    expect(readWrappings(file)).toEqual(['Hi,\n\n{paste}\n\nThanks', '{paste}\nSent from my iPhone']);
  });

  it('reads a place for the paste inside a line, as an agent relaying a customer writes it', () => {
    const wrappers = readWrappings(
      'customer says: {paste}\n%%\nFrom ticket #4471: "{paste}" (since Monday)\n',
    );
    expect(wrappers.map((w) => withWrappings([w])('Status 401')[0])).toEqual([
      'customer says: Status 401',
      'From ticket #4471: "Status 401" (since Monday)',
    ]);
  });

  it('refuses a wrapper with no place for the paste, naming which one', () => {
    expect(() => readWrappings('{paste}\n%%\nHi,\nThanks\n')).toThrow(/wrapping 2 has 0/);
    expect(() => readWrappings('{paste}\n{paste}\n')).toThrow(/wrapping 1 has 2/);
    expect(() => readWrappings('customer says: {paste} and {paste}\n')).toThrow(/wrapping 1 has 2/);
  });
});

describe('withWrappings', () => {
  it('puts the paste in place of the placeholder, keeping a "$" in the paste as it is', () => {
    const wrap = withWrappings(['Hi,\n{paste}\nBye', '{paste}']);
    expect(wrap('cost $& and $1')).toEqual(['Hi,\ncost $& and $1\nBye', 'cost $& and $1']);
  });
});
