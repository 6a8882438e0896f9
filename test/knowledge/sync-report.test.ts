import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const sync = (folderId = 10, prune = false) =>
    syncFolder(createFreshdeskClient({ baseUrl: fd.url, apiKey: fd.apiKey, timeoutMs: 5000 }), {
      folderId,
      dir,
      baseUrl: fd.url,
      prune,
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

  it('reports an article deleted in Freshdesk, and deletes its file only with --prune', async () => {
    const PAYROLL = '{"Type":"PayrollCalendarException","Message":"The payroll calendar is locked"}';
    const doomed = fd.state.addArticle({
      title: 'Payroll calendar locked',
      description: body('<li>Unlock the calendar.</li>', PAYROLL),
    });
    const elsewhere = fd.state.addArticle({
      title: 'Organisation archived, other folder',
      description: body('<li>Restore it.</li>'),
      folderId: 11,
    });
    const handEdited = fd.state.addArticle({
      title: 'Payroll calendar locked, our own notes',
      description: body('<li>Ask the payroll admin.</li>', PAYROLL.replace('locked', 'closed')),
    });
    await sync();
    await sync(11);
    const editedFile = join(dir, `freshdesk-${handEdited.id}.md`);
    writeFileSync(editedFile, readFileSync(editedFile, 'utf8').replace(/^# synced from Freshdesk.*\n/m, ''));
    fd.state.articles.splice(fd.state.articles.indexOf(handEdited), 1);
    const file = join(dir, `freshdesk-${doomed.id}.md`);
    expect(existsSync(file)).toBe(true);
    fd.state.articles.splice(fd.state.articles.indexOf(doomed), 1);

    const reported = await sync();
    expect(reported.articles.filter((a) => a.outcome === 'gone').map((a) => a.article)).toEqual([doomed.id]);
    expect(syncReport(reported)[0]).toMatch(/, 1 gone from the folder \(0 deleted\)$/);
    expect(syncReport(reported)).toContain(
      `  gone knowledge/freshdesk-${doomed.id}.md (article ${doomed.id}): no longer in the folder in Freshdesk, but it still answers: delete the file, or run kb sync again with --prune`,
    );
    expect(createMatcher(buildIndexFromDir(dir)).diagnose(PAYROLL).entry).toBe(`freshdesk-${doomed.id}`);

    const pruned = await sync(10, true);
    expect(pruned.articles.filter((a) => a.outcome === 'removed').map((a) => a.article)).toEqual([doomed.id]);
    expect(existsSync(file)).toBe(false);
    expect(createMatcher(buildIndexFromDir(dir)).diagnose(PAYROLL).entry).not.toBe(`freshdesk-${doomed.id}`);
    // Another folder's file, and a copy a person edited, are not this folder's sync to drop.
    for (const other of [elsewhere, handEdited]) {
      expect(existsSync(join(dir, `freshdesk-${other.id}.md`))).toBe(true);
      expect(pruned.articles.some((a) => a.article === other.id)).toBe(false);
    }
    expect((await sync(10, true)).articles.some((a) => a.outcome === 'removed')).toBe(false);
  });
});
