import { describe, expect, it } from 'vitest';
import { entryForVerdict } from '../../src/core/verdict-codes.js';
import { buildIndex } from '../../src/knowledge/build.js';
import { lintIndex } from '../../src/knowledge/lint.js';

// Which probe verdict confirms which entry, and what sort of problem an entry is, are declared
// in the article's front matter: a new article is confirmed by the probe with no code change, and
// kb lint names, with file and line, a verdict that does not exist or is claimed twice.

function article(id: string, front = '', heading = id): string {
  return `---
title: ${id} article
provider: xero
entries:
  - id: ${id}
    title: ${id} title
${front}    match:
      statuses: [429]
      phrases: [too many calls to xero]
---

## ${heading}

### How to fix it

1. Wait a minute.
`;
}

const lineOf = (content: string, text: string) => content.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('entries declare what confirms them', () => {
  it('a new article is what a verdict confirms once it says so, with no code change', () => {
    const index = buildIndex([
      {
        name: 'limits.md',
        content: article('xero-rate-limits', '    kind: rate-limit\n    confirmedBy: [rate-limited]\n'),
      },
    ]);
    expect(entryForVerdict(index.entries)('rate-limited')).toBe('xero-rate-limits');
    expect(entryForVerdict([])('rate-limited')).toBeNull();
  });

  it('an article written before these fields loads with their defaults', () => {
    const [entry] = buildIndex([{ name: 'old.md', content: article('xero-old') }]).entries;
    expect(entry).toMatchObject({ kind: 'connection-broken', confirmedBy: [] });
    expect(entry?.escalation).toBeUndefined();
    expect(entry?.notApplicableTitle).toBeUndefined();
  });

  it('refuses a kind that is not one of the known sorts, leaving the entry out', () => {
    const index = buildIndex([
      { name: 'good.md', content: article('xero-good') },
      { name: 'odd.md', content: article('xero-odd', '    kind: weather\n') },
    ]);
    expect(index.entries.map((e) => e.id)).toEqual(['xero-good']);
    expect(index.leftOut[0]).toMatchObject({
      file: 'odd.md',
      line: 7,
      message: expect.stringMatching(/kind/),
    });
  });
});

describe('kb lint on confirmations and ids', () => {
  it('names a verdict that does not exist, at its line', () => {
    const content = article('xero-limits', '    confirmedBy: [rate-limited, rate-limitted]\n');
    const files = [{ name: 'limits.md', content }];
    const errors = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'limits.md',
        line: lineOf(content, 'confirmedBy'),
        message: expect.stringMatching(
          /confirmedBy "rate-limitted" is not a probe verdict; known verdicts: healthy/,
        ),
      }),
    ]);
  });

  it('names the second entry that claims a verdict another entry already claims', () => {
    const files = [
      { name: 'a.md', content: article('xero-a', '    confirmedBy: [rate-limited]\n') },
      { name: 'b.md', content: article('xero-b', '    confirmedBy: [rate-limited]\n') },
    ];
    const errors = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        entry: 'xero-b',
        file: 'b.md',
        line: 7,
        message: expect.stringMatching(/verdict rate-limited already confirms xero-a/),
      }),
    ]);
  });

  it('names an entry id that a not-covered class also uses', () => {
    const notCovered =
      'rules:\n  - id: xero-a\n    reason: Rate limited.\n    advice: Wait.\n    match:\n      statuses: [429]\n';
    const files = [
      { name: 'a.md', content: article('xero-a') },
      { name: 'not-covered.yml', content: notCovered },
    ];
    const errors = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    expect(errors).toContainEqual(
      expect.objectContaining({
        file: 'not-covered.yml',
        line: 2,
        message: expect.stringMatching(/duplicate id xero-a/),
      }),
    );
  });

  it('names the examples left behind when an article is removed, each at its line', () => {
    const files = [
      { name: 'a.md', content: article('xero-a') },
      { name: 'examples/gone.yml', content: 'label: xero-gone\nexamples:\n  - text: it went away\n' },
    ];
    const errors = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'examples/gone.yml',
        line: 3,
        message: expect.stringMatching(/"xero-gone", which is neither an entry nor a class/),
      }),
    ]);
  });
});
