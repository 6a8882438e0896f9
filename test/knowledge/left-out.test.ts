import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/core/match.js';
import { formatFinding, lintIndex } from '../../src/knowledge/lint.js';
import { buildIndexFromDir } from '../../src/knowledge/load.js';
import { readKnowledgeFiles } from '../../src/knowledge/source-files.js';
import { KNOWLEDGE_DIR, shippedIndex } from '../support/knowledge.js';

// One imperfect article must not take the other answers down: it is left out of the index,
// named with its file and line by the build and by kb lint, and everything else still answers.

const dir = mkdtempSync(join(tmpdir(), 'xerofix-left-out-'));
cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An article in a help centre's shape: meaning, causes, maybe steps. */
function article(id: string, opts: { steps?: boolean; causes?: boolean; extraEntry?: string } = {}) {
  return `---
title: ${id} article
provider: xero
entries:
  - id: ${id}
    title: Xero refuses the teapot (418 TeapotRefused)
    match:
      statuses: [418]
      details: [TeapotRefused]
${opts.extraEntry ?? ''}---

## ${id}

### What it means

Xero answers \`{"Status":418,"Detail":"TeapotRefused"}\` when asked to brew coffee.
${opts.causes === false ? '' : '\n### Likely causes\n\n- The plugin asked for coffee.\n'}${
  opts.steps === false ? '' : '\n### How to fix it\n\n1. Ask for tea.\n2. Try again.\n'
}`;
}

const lineOf = (content: string, text: string) => content.split('\n').indexOf(text) + 1;
const paste401 = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

describe('an article that does not build', () => {
  const broken = article('xero-teapot-broken', { steps: false });
  writeFileSync(join(dir, 'teapot-broken.md'), broken);
  const index = buildIndexFromDir(dir);

  it('is left out with its file and the line of its section, and the other entries still answer', () => {
    expect(index.entries.map((e) => e.id)).toEqual(shippedIndex().entries.map((e) => e.id));
    expect(index.leftOut).toEqual([
      {
        file: 'teapot-broken.md',
        line: lineOf(broken, '## xero-teapot-broken'),
        entry: 'xero-teapot-broken',
        message: expect.stringMatching(/no fix steps.*How to fix it/),
      },
    ]);
    expect(createMatcher(index).diagnose(paste401).entry).toBe('xero-401-unauthorized');
  });

  it('is an error of kb lint, at that file and line', () => {
    const lines = lintIndex(index, readKnowledgeFiles(dir))
      .filter((f) => f.level === 'error')
      .map(formatFinding);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^knowledge/teapot-broken\\.md:${lineOf(broken, '## xero-teapot-broken')}: error: .*no fix steps`,
        ),
      ),
    );
  });
});

describe('an article missing a section it can do without', () => {
  it('answers without it: no "Likely causes" means no causes, not a broken knowledge base', () => {
    const files = [{ name: 'teapot.md', content: article('xero-teapot', { causes: false }) }];
    const folder = mkdtempSync(join(tmpdir(), 'xerofix-no-causes-'));
    try {
      cpSync(KNOWLEDGE_DIR, folder, { recursive: true });
      writeFileSync(join(folder, files[0]?.name ?? ''), files[0]?.content ?? '');
      const index = buildIndexFromDir(folder);
      const entry = index.entries.find((e) => e.id === 'xero-teapot');
      expect(entry?.causes).toEqual([]);
      expect(entry?.steps).toEqual(['Ask for tea.', 'Try again.']);
      expect(index.leftOut).toEqual([]);
      // Its title and the error its body quotes are answered by it.
      const matcher = createMatcher(index);
      expect(matcher.diagnose('Xero refuses the teapot (418 TeapotRefused)').entry).toBe('xero-teapot');
      expect(matcher.diagnose('{"Status":418,"Detail":"TeapotRefused"}').entry).toBe('xero-teapot');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a problem in one entry of an article', () => {
  const second = `  - id: xero-teapot-second
    title: Second teapot
    match:
      statuses: [999]
`;
  const content = article('xero-teapot-first', { extraEntry: second }).replace(
    '---\n\n## xero-teapot-first',
    '---\n\n## xero-teapot-second\n\n### How to fix it\n\n1. Boil.\n\n## xero-teapot-first',
  );

  it('leaves out only that entry, at the line of the field that is wrong', async () => {
    const { buildIndex } = await import('../../src/knowledge/build.js');
    const index = buildIndex([{ name: 'teapots.md', content }]);
    expect(index.entries.map((e) => e.id)).toEqual(['xero-teapot-first']);
    expect(index.leftOut).toEqual([
      expect.objectContaining({
        file: 'teapots.md',
        line: lineOf(content, '      statuses: [999]'),
        entry: 'xero-teapot-second',
        message: expect.stringMatching(/entry xero-teapot-second: match\.statuses\.0/),
      }),
    ]);
  });

  it('names front matter that is not YAML at its line, and builds the other articles', async () => {
    const { buildIndex } = await import('../../src/knowledge/build.js');
    const bad = '---\ntitle: Broken\nprovider: xero\nentries:\n  - id: [unclosed\n---\n';
    const index = buildIndex([
      { name: 'good.md', content: article('xero-teapot') },
      { name: 'bad.md', content: bad },
    ]);
    expect(index.entries.map((e) => e.id)).toEqual(['xero-teapot']);
    expect(index.leftOut).toEqual([
      { file: 'bad.md', line: expect.any(Number), message: expect.stringMatching(/not valid YAML/) },
    ]);
    expect(index.leftOut[0]?.line).toBeGreaterThanOrEqual(5);
  });

  it('names the examples of a left-out entry once per examples file, pointing back at its problem', async () => {
    const { buildIndex } = await import('../../src/knowledge/build.js');
    const files = [
      { name: 'good.md', content: article('xero-teapot') },
      { name: 'broken.md', content: article('xero-teapot-broken', { steps: false }) },
      {
        name: 'examples/broken.yml',
        content: 'label: xero-teapot-broken\nexamples:\n  - text: teapot one\n  - text: teapot two\n',
      },
    ];
    const findings = lintIndex(buildIndex(files), files).filter((f) => f.file === 'examples/broken.yml');
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'error',
        line: 3,
        message: expect.stringMatching(/left out of the index/),
      }),
    ]);
  });

  it('leaves out an examples file that is not valid YAML, at its line, and keeps the rest', async () => {
    const { buildIndex } = await import('../../src/knowledge/build.js');
    const files = [
      { name: 'good.md', content: article('xero-teapot') },
      { name: 'examples/fine.yml', content: 'label: xero-teapot\nexamples:\n  - text: the teapot refused\n' },
      { name: 'examples/bad.yml', content: 'label: xero-teapot\nexamples:\n  - text: "unclosed\n' },
    ];
    const index = buildIndex(files);
    expect(index.examples.some((e) => e.text === 'the teapot refused')).toBe(true);
    expect(index.leftOut).toEqual([
      {
        file: 'examples/bad.yml',
        line: expect.any(Number),
        message: expect.stringMatching(/not valid YAML/),
      },
    ]);
    expect(index.leftOut[0]?.line).toBeGreaterThanOrEqual(3);
  });
});
