import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/in-process.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';

// `kb import` takes HTML and markdown only, writes only inside the knowledge folder under a valid
// id, and what it writes answers its own title and the errors the article quotes.

const root = mkdtempSync(join(tmpdir(), 'xerofix-import-'));
const dir = join(root, 'knowledge');
cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
const env = { KNOWLEDGE_DIR: dir, DATABASE_URL: `sqlite:${join(root, 'x.db')}`, LOG_LEVEL: 'error' };
afterAll(() => rmSync(root, { recursive: true, force: true }));

const QUOTED =
  '{"ErrorNumber":10,"Type":"OrganisationArchivedException","Message":"The organisation has been archived"}';
const TITLE = 'Orders stop with "Organisation is archived"';
const ARTICLE = `<!doctype html><html><head><title>Help centre</title></head><body>
<h1>${TITLE}</h1>
<h2>What does it mean?</h2>
<p>Xero refuses every call for an archived organisation; the plugin log shows <code>${QUOTED.replace(/"/g, '&quot;')}</code>.</p>
<h2>How do I fix it?</h2>
<ol><li>Restore the organisation in Xero.</li><li>Press <b>Authorise</b> in the plugin.</li></ol>
</body></html>`;

function file(name: string, content: string | Buffer): string {
  const path = join(root, name);
  writeFileSync(path, content);
  return path;
}

const articles = () => readdirSync(dir).filter((f) => f.endsWith('.md'));
const before = articles();

describe('kb import refuses what it cannot make an answer of', () => {
  it('refuses a .txt file, naming the kinds it accepts, and writes nothing', async () => {
    const r = await runInProcess(['kb', 'import', file('notes.txt', 'Xero said no')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /HTML \(\.html, \.htm\) or markdown \(\.md, \.markdown\).*notes\.txt is a \.txt file/,
    );
    expect(articles()).toEqual(before);
  });

  it('refuses a binary file that calls itself HTML', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0])]);
    const r = await runInProcess(['kb', 'import', file('manual.html', pdf)], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manual\.html is a binary file, not HTML/);
  });

  it('refuses an id that is not a lowercase slug, with the rule', async () => {
    const r = await runInProcess(['kb', 'import', file('a.html', ARTICLE), '--id', 'Bad ID!'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--id "Bad ID!" is not a valid id: ids are lowercase letters and digits joined by hyphens/,
    );
    expect(existsSync(join(dir, 'Bad ID!.md'))).toBe(false);
  });

  it('never writes outside the knowledge folder', async () => {
    const r = await runInProcess(['kb', 'import', file('b.html', ARTICLE), '--id', '../escape-test'], {
      env,
    });
    expect(r.code).toBe(2);
    expect(existsSync(join(root, 'escape-test.md'))).toBe(false);
    expect(articles()).toEqual(before);
  });

  it('refuses an article with no fix steps, saying why, and writes nothing', async () => {
    const html = `<h1>Welcome</h1><p>Hello and welcome to our help centre.</p>`;
    const r = await runInProcess(['kb', 'import', file('welcome.html', html)], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /would not make an entry that answers, so nothing was written:\n\s+- .*no fix steps/,
    );
    expect(articles()).toEqual(before);
  });

  it('refuses an id another entry already uses', async () => {
    const r = await runInProcess(['kb', 'import', file('c.html', ARTICLE), '--id', 'xero-401-unauthorized'], {
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /entry id xero-401-unauthorized is already used in knowledge\/xero-connection-broken\.md/,
    );
  });
});

describe('an imported article', { timeout: 60_000 }, () => {
  it('answers its own title and the error it quotes, from HTML and from markdown', async () => {
    const html = await runInProcess(
      ['kb', 'import', file('archived.html', ARTICLE), '--id', 'xero-archived'],
      {
        env,
      },
    );
    expect(html.code).toBe(0);
    const written = readFileSync(join(dir, 'xero-archived.md'), 'utf8');
    expect(written).toContain('errorTypes:\n        - OrganisationArchivedException');
    expect(written).toContain('1. Restore the organisation in Xero.');
    const markdown = [
      '# Xero says "Contact is archived" when an order is sent',
      '',
      '## What does it mean?',
      '',
      'Xero will not take an invoice for an archived contact: `{"Type":"ValidationException","Message":"The contact ArchivedCo is archived"}`.',
      '',
      '## How do I fix it?',
      '',
      '1. Restore the contact in Xero.',
      '2. Send the order again.',
    ].join('\n');
    const md = await runInProcess(
      ['kb', 'import', file('contact.md', markdown), '--id', 'xero-contact-archived'],
      {
        env,
      },
    );
    expect(md.code).toBe(0);
    expect((await runInProcess(['kb', 'build', '--quiet'], { env })).code).toBe(0);
    const entryOf = async (paste: string) =>
      JSON.parse((await runInProcess(['diagnose', '--json', paste], { env })).stdout).entry;
    expect(await entryOf(TITLE)).toBe('xero-archived');
    expect(await entryOf(QUOTED)).toBe('xero-archived');
    expect(await entryOf('Xero says "Contact is archived" when an order is sent')).toBe(
      'xero-contact-archived',
    );
    // The shipped answers are unchanged by the new articles.
    expect(
      await entryOf(
        '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}',
      ),
    ).toBe('xero-401-unauthorized');
  });
});
