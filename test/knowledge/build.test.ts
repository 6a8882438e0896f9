import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/knowledge/build.js';
import { KnowledgeError } from '../../src/knowledge/errors.js';
import { lintIndex } from '../../src/knowledge/lint.js';

function article(opts: { id?: string; steps?: string; example?: string; status?: number } = {}): string {
  const id = opts.id ?? 'demo-entry';
  return `---
title: Demo article
provider: xero
entries:
  - id: ${id}
    title: Demo entry
    match:
      statuses: [${opts.status ?? 418}]
      details: [TeapotRefused]
      phrases: [the teapot refused]
    examples:
      - '${opts.example ?? '{"Status":418,"Detail":"TeapotRefused"}'}'
---

## ${id}

### What it means

The teapot refused.

### Likely causes

- It is a teapot.

### How to fix it

${opts.steps ?? '1. Use a kettle.\n2. Try again.'}
`;
}

const expectProblems = (fn: () => unknown, pattern: RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    expect((err as KnowledgeError).problems.join('\n')).toMatch(pattern);
    return;
  }
  throw new Error('expected a KnowledgeError');
};

describe('building the knowledge index', () => {
  it('reads numbered fix steps in order', () => {
    const [entry] = buildIndex([{ name: 'demo.md', content: article() }]).entries;
    expect(entry?.steps).toEqual(['Use a kettle.', 'Try again.']);
    expect(entry?.causes).toEqual(['It is a teapot.']);
  });

  it('accepts a new article with its own rules and matches it with no code change', async () => {
    const { createMatcher } = await import('../../src/core/match.js');
    const index = buildIndex([{ name: 'demo.md', content: article() }]);
    expect(createMatcher(index).diagnose('xero said {"Status":418,"Detail":"TeapotRefused"}').entry).toBe(
      'demo-entry',
    );
  });

  it('rejects an entry without fix steps, naming the entry and the section', () => {
    expectProblems(
      () => buildIndex([{ name: 'demo.md', content: article({ steps: '' }) }]),
      /demo-entry: .*How to fix it/,
    );
  });

  it('leaves out the second of two entries with one id, naming both files and its line', () => {
    const index = buildIndex([
      { name: 'a.md', content: article() },
      { name: 'b.md', content: article({ status: 419 }) },
    ]);
    expect(index.entries.map((e) => [e.id, e.file])).toEqual([['demo-entry', 'a.md']]);
    expect(index.leftOut).toEqual([
      {
        file: 'b.md',
        line: 5,
        entry: 'demo-entry',
        message: expect.stringMatching(/duplicate entry id demo-entry \(also in a\.md\)/),
      },
    ]);
    expect(lintIndex(index)).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'b.md', line: 5 }),
    );
  });

  it('rejects front matter that is not valid YAML or misses fields', () => {
    expectProblems(
      () => buildIndex([{ name: 'x.md', content: '---\ntitle: [unclosed\n---\n' }]),
      /not valid YAML/,
    );
    expectProblems(() => buildIndex([{ name: 'x.md', content: 'no front matter' }]), /no front matter/);
    expectProblems(
      () => buildIndex([{ name: 'x.md', content: '---\ntitle: T\nprovider: xero\nentries: []\n---\n' }]),
      /at least one entry/,
    );
  });

  it('lint names the file and line of an example that contradicts another', () => {
    const files = [
      { name: 'demo.md', content: article({ example: 'the same words' }) },
      {
        name: 'examples/other.yml',
        content: 'label: not-an-entry\nexamples:\n  - text: first\n  - text: The same  words\n',
      },
    ];
    const findings = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    expect(findings).toContainEqual(
      expect.objectContaining({
        file: 'examples/other.yml',
        line: 4,
        message: expect.stringMatching(/same text is an example of demo-entry in demo\.md/),
      }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        file: 'examples/other.yml',
        line: 3,
        message: expect.stringMatching(/neither an entry nor a class/),
      }),
    );
  });

  it('lint flags declared rules that no paste could ever fire, with their line', () => {
    const content = article({}).replace(
      '      details: [TeapotRefused]',
      '      details: [TeapotRefused]\n      patterns: ["status => refused", "teapot-refused twice"]\n      oauthErrors: [teapot_error]',
    );
    const files = [{ name: 'demo.md', content }];
    const errors = lintIndex(buildIndex(files), files).filter((f) => f.level === 'error');
    // "=>" is read as ":" in every paste (Ruby hashes), so that pattern is dead; the hyphenated one is alive.
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/pattern "status => refused" can never match/),
      expect.stringMatching(/oauthErrors "teapot_error" is not an OAuth error code/),
    ]);
    expect(errors.map((e) => e.line)).toEqual([10, 11]);
  });

  it("lint warns, with its line, about another service's error that names no service", () => {
    const files = [
      { name: 'demo.md', content: article({}) },
      {
        name: 'not-covered.yml',
        content:
          'rules:\n  - id: elsewhere\n    reason: Another service failed.\n    advice: Check that service.\n    namesProvider: true\n    match: {}\n',
      },
      {
        name: 'providers.yml',
        content:
          'providers:\n  - id: xero\n    name: Xero\n    hosts: [xero.com]\n    words: [xero]\n  - id: acme\n    name: Acme Books\n    hosts: [acme.example]\n    words: [acme books]\n',
      },
      {
        name: 'examples/elsewhere.yml',
        content:
          'label: elsewhere\nexamples:\n  - text: Acme Books says the token expired\n  - text: the token expired\n',
      },
    ];
    const warnings = lintIndex(buildIndex(files), files).filter((f) => /names no service/.test(f.message));
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warning', file: 'examples/elsewhere.yml', line: 4 }),
    ]);
  });
});
