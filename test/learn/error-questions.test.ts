import { describe, expect, it } from 'vitest';
import { readErrorQuestions } from '../../src/learn/error-questions.js';

describe('readErrorQuestions', () => {
  it('reads label<TAB>question lines with their line numbers, skipping comments and blank lines', () => {
    const file =
      '# comment\nxero-401-unauthorized\tHow do I fix 401?\n\ndecline\t how do I export a report \n';
    expect(readErrorQuestions(file)).toEqual([
      { label: 'xero-401-unauthorized', text: 'How do I fix 401?', line: 2 },
      { label: 'decline', text: 'how do I export a report', line: 4 },
    ]);
  });

  it('refuses a line with no tab, naming the line', () => {
    expect(() => readErrorQuestions('# c\nxero-401-unauthorized How do I fix 401?\n')).toThrow(/line 2/);
  });
});
