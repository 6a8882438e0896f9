import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncReport } from '../../src/cli/commands/kb-sync-report.js';
import { createMatcher } from '../../src/core/match.js';
import { createFreshdeskClient } from '../../src/freshdesk/client.js';
import { syncFolder } from '../../src/freshdesk/sync-articles.js';
import { buildIndexFromDir } from '../../src/knowledge/load.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';

// kb sync says, per article, what it did and why: created, updated, unchanged, kept because a
// person edited our copy, or skipped because it would not answer. What it writes answers the
// errors its article quotes.

let fd: FakeFreshdesk;
let dir: string;
beforeAll(async () => {
  fd = await startFakeFreshdesk();
  dir = mkdtempSync(join(tmpdir(), 'xerofix-sync-'));
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
});
afterAll(async () => {
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUOTED = '{"Type":"OrganisationArchivedException","Message":"The organisation has been archived"}';
const CONTACT = '{"Type":"ValidationException","Message":"The contact Bluebell Ltd is archived"}';
const body = (steps: string, quoted = QUOTED) =>
  `<h2>What does it mean?</h2><p>Xero answers <code>${quoted.replace(/"/g, '&quot;')}</code>.</p><h2>How do I fix it?</h2><ol>${steps}</ol>`;

describe('kb sync, article by article', { timeout: 60_000 }, () => {
  const sync = () =>
    syncFolder(createFreshdeskClient({ baseUrl: fd.url, apiKey: fd.apiKey, timeoutMs: 5000 }), {
      folderId: 10,
      dir,
      baseUrl: fd.url,
    });

  it('reports each article as created, unchanged, updated, kept or skipped, with the reason', async () => {
    const archived = fd.state.addArticle({
      title: 'Organisation archived',
      description: body('<li>Restore it.</li>'),
    });
    const edited = fd.state.addArticle({
      title: 'Contact archived',
      description: body('<li>Restore the contact.</li>', CONTACT),
    });
    const welcome = fd.state.addArticle({ title: 'Welcome \u001b[2Jto help', description: '<p>Hello!</p>' });
    const first = await sync();
    expect(first.articles.map((a) => [a.article, a.outcome])).toEqual([
      [archived.id, 'created'],
      [edited.id, 'created'],
      [welcome.id, 'skipped'],
    ]);
    expect(first.articles[2]?.reason).toMatch(/no fix steps/);

    // A person edits one of our copies (the sync mark goes); Freshdesk changes the other.
    const editedFile = join(dir, `freshdesk-${edited.id}.md`);
    writeFileSync(editedFile, readFileSync(editedFile, 'utf8').replace(/^# synced from Freshdesk.*\n/m, ''));
    const unchanged = await sync();
    expect(unchanged.articles.map((a) => a.outcome)).toEqual(['unchanged', 'kept', 'skipped']);
    archived.description = body('<li>Restore it.</li><li>Authorise again.</li>');
    const second = await sync();
    expect(second.articles.map((a) => a.outcome)).toEqual(['updated', 'kept', 'skipped']);

    const lines = syncReport(second);
    expect(lines[0]).toBe(
      '1 article(s) written (0 created, 1 updated), 0 unchanged, 1 kept (edited by hand), 1 skipped',
    );
    expect(lines.slice(1)).toEqual([
      `  updated knowledge/freshdesk-${archived.id}.md (article ${archived.id} "Organisation archived"): the article changed in Freshdesk`,
      `  kept knowledge/freshdesk-${edited.id}.md (article ${edited.id} "Contact archived"): edited by hand (its sync mark is gone): merge the changes, or delete it to re-import`,
      expect.stringMatching(
        new RegExp(`^  skipped article ${welcome.id} "Welcome  \\[2Jto help": .*no fix steps`),
      ),
    ]);
  });

  it('writes articles that answer the error they quote', () => {
    const matcher = createMatcher(buildIndexFromDir(dir));
    expect(matcher.diagnose(QUOTED).entry).toMatch(/^freshdesk-\d+$/);
    expect(matcher.diagnose('Organisation archived').entry).toMatch(/^freshdesk-\d+$/);
  });
});
