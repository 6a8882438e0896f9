import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/core/match.js';
import { buildIndexFromDir } from '../../src/knowledge/load.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';

// The README's "Adding an answer" shows one complete small article. Dropped into a copy of the
// shipped knowledge, it must build and answer what it declares, with no code change: the
// example a support team copies is one that works.

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const section = readme.slice(readme.indexOf('## Adding an answer'));
const example = /```markdown\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

const dir = mkdtempSync(join(tmpdir(), 'xerofix-readme-article-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's example article", () => {
  it('builds beside the shipped articles and answers its title, its phrase and its declared error text', () => {
    expect(example).toContain('id: xero-payroll-not-set-up');
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'payroll.md'), example);
    const index = buildIndexFromDir(dir);
    expect(index.leftOut ?? []).toEqual([]);
    const matcher = createMatcher(index);
    for (const paste of [
      'Xero Payroll is not switched on for this organisation',
      'xero payroll not enabled',
      'payroll is not set up',
    ])
      expect(matcher.diagnose(paste).entry, paste).toBe('xero-payroll-not-set-up');
    // The shipped answers still stand beside it.
    expect(matcher.diagnose('{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired"}').entry).toBe(
      'xero-401-unauthorized',
    );
  });
});
