import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIndex, writeIndex } from '../src/knowledge/built-index.js';
import { buildIndexFromDir } from '../src/knowledge/load.js';
import { runInProcess } from './cli/in-process.js';
import { KNOWLEDGE_DIR, shippedIndex } from './support/knowledge.js';
import { startServerUnderTest } from './support/xerofix-server.js';

// The built index can never answer for files that are gone: the server rebuilds it at start when
// the knowledge changed (and says so in one line), /readyz counts what it actually loaded, and a
// one-shot diagnose refuses a stale index with the one command that rebuilds it.

const root = mkdtempSync(join(tmpdir(), 'xerofix-stale-'));
const dir = join(root, 'knowledge');
cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
/** The shipped articles' entries, whatever ships: the teapot article comes on top. */
const SHIPPED = shippedIndex().entries.length;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TEAPOT = `---
title: Teapot article
provider: xero
entries:
  - id: xero-teapot
    title: Xero refuses the teapot (418 TeapotRefused)
    match:
      statuses: [418]
      details: [TeapotRefused]
    examples:
      - '{"Status":418,"Detail":"TeapotRefused"}'
---

## xero-teapot

### What it means

Xero will not brew coffee.

### How to fix it

1. Ask for tea.
`;
const PASTE = 'Xero said {"Status":418,"Detail":"TeapotRefused"} again';
const article = join(dir, 'teapot.md');
writeFileSync(article, TEAPOT);
writeIndex(dir, buildIndexFromDir(dir));

async function readyz(url: string) {
  return (await fetch(`${url}/readyz`)).json() as Promise<{ knowledge: string }>;
}

describe('a knowledge index built from other files', { timeout: 90_000 }, () => {
  it('is used as it is while it is current', async () => {
    const server = await startServerUnderTest({ KNOWLEDGE_DIR: dir });
    try {
      expect(server.running.desk.diagnose(PASTE).entry).toBe('xero-teapot');
      expect((await readyz(server.url)).knowledge).toBe(`${SHIPPED + 1} entries`);
      expect(server.logLines.join('\n')).not.toMatch(/rebuilt/);
    } finally {
      await server.close();
    }
  });

  it('is refused by diagnose once an article is deleted, naming the one command that rebuilds it', async () => {
    unlinkSync(article);
    const env = { KNOWLEDGE_DIR: dir, DATABASE_URL: `sqlite:${join(root, 'x.db')}` };
    const r = await runInProcess(['diagnose', '--json', PASTE], { env });
    expect(r.code).toBe(78);
    expect(JSON.parse(r.stdout).error).toMatch(
      /out of date with the files in .*: run "npx xerofix kb build"$/,
    );
  });

  it('is rebuilt by the server at start: the deleted article no longer answers and /readyz counts only the shipped ones', async () => {
    const server = await startServerUnderTest({ KNOWLEDGE_DIR: dir });
    try {
      expect(server.running.desk.diagnose(PASTE).entry).not.toBe('xero-teapot');
      expect(server.running.desk.index.entries.map((e) => e.id)).not.toContain('xero-teapot');
      expect((await readyz(server.url)).knowledge).toBe(`${SHIPPED} entries`);
      const rebuilt = server.logLines.filter((l) => /knowledge index rebuilt at start/.test(l));
      expect(rebuilt).toHaveLength(1);
      expect(rebuilt[0]).toMatch(/out of date/);
    } finally {
      await server.close();
    }
    // Saved for the next start and for one-shot commands.
    expect(loadIndex(dir).entries).toHaveLength(SHIPPED);
  });

  it('starts with the articles that build when one does not, naming the one left out', async () => {
    writeFileSync(article, TEAPOT.replace('### How to fix it\n\n1. Ask for tea.\n', ''));
    const server = await startServerUnderTest({ KNOWLEDGE_DIR: dir });
    try {
      expect((await readyz(server.url)).knowledge).toBe(`${SHIPPED} entries`);
      expect(
        server.running.desk.diagnose(
          '{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}',
        ).entry,
      ).toBe('xero-401-unauthorized');
      expect(server.logLines.join('\n')).toMatch(
        /knowledge left out: teapot\.md:14: entry xero-teapot: .*no fix steps/,
      );
    } finally {
      await server.close();
    }
  });
});
