import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { runCli } from '../support/run-cli.js';
import { newKey } from '../support/stores.js';

let fd: FakeFreshdesk;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  fd = await startFakeFreshdesk();
  dir = mkdtempSync(join(tmpdir(), 'xerofix-cli-fd-'));
  cpSync('knowledge', join(dir, 'knowledge'), { recursive: true });
  env = {
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    KNOWLEDGE_DIR: join(dir, 'knowledge'),
    DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
    XEROFIX_SECRET_KEY: newKey(),
    LOG_LEVEL: 'silent',
  };
});

afterEach(async () => {
  await fd.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xerofix ticket open', () => {
  it('opens a ticket with the paste and the diagnosis, and prints its link', async () => {
    const paste = '"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
    const out = await runCli(['ticket', 'open', '--email', 'Ops@Acme.test', paste], { env });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const [ticket] = [...fd.state.tickets.values()];
    expect(out.stdout).toContain(`${fd.url}/a/tickets/${ticket?.id}`);
    expect(ticket?.subject).toMatch(/^Xero: /);
    expect(ticket?.tags).toEqual(['xerofix', 'xerofix:xero-401-unauthorized']);
    expect(ticket?.description).toContain('AuthenticationUnsuccessful');
    expect(fd.state.contacts.get(ticket?.requester_id ?? 0)?.email).toBe('ops@acme.test');
  });

  it('says that nothing matched when nothing did, and still files the ticket', async () => {
    const out = await runCli(['ticket', 'open', '--email', 'a@b.test', '--subject', 'Question'], {
      env,
      input: 'how do I change my invoice logo?',
    });
    expect(out.code).toBe(0);
    const [ticket] = [...fd.state.tickets.values()];
    expect(ticket?.subject).toBe('Question');
    expect(ticket?.tags).toContain('xerofix:unmatched');
    expect(ticket?.description).toMatch(/no knowledge entry matched/i);
  });

  it('explains a missing email or missing Freshdesk settings without a stack trace', async () => {
    const noEmail = await runCli(['ticket', 'open', 'text'], { env });
    expect(noEmail.code).not.toBe(0);
    expect(noEmail.stderr).toMatch(/--email/);
    const noSettings = await runCli(['ticket', 'open', '--email', 'a@b.test', 'x'], {
      env: { ...env, FRESHDESK_BASE_URL: '', FRESHDESK_API_KEY: '' },
    });
    expect(noSettings.stderr).toMatch(/FRESHDESK_BASE_URL and FRESHDESK_API_KEY/);
    expect(`${noEmail.stderr}${noSettings.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('reports a wrong API key in one line that does not contain the key', async () => {
    const out = await runCli(['ticket', 'open', '--email', 'a@b.test', 'x'], {
      env: { ...env, FRESHDESK_API_KEY: 'definitely-wrong-key-123' },
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/refused the API key/);
    expect(out.stderr).not.toContain('definitely-wrong-key-123');
  });
});

// Each sync rebuilds the knowledge index (a few seconds alone, far more on a busy CI machine).
describe('xerofix kb sync', { timeout: 90_000 }, () => {
  it('imports a Freshdesk solution folder as knowledge entries that then answer pastes', async () => {
    fd.state.addArticle({
      title: 'Xero says "Organisation is archived"',
      description:
        '<h2>What does it mean?</h2><p>The Xero organisation was archived, so the API answers 403 OrganisationArchived.</p><h2>Why does it happen?</h2><p>Someone archived the organisation in Xero.</p><h2>How do I fix it?</h2><ol><li>Restore the organisation in Xero.</li><li>Reconnect the plugin.</li></ol>',
    });
    fd.state.addArticle({ title: 'Welcome to our help centre', description: '<p>Hello!</p>' });
    const out = await runCli(['kb', 'sync', '--folder', '10'], { env });
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/1 article\(s\) written/);
    expect(out.stdout).toMatch(/skipped article \d+ "Welcome to our help centre": .*section/);
    const written = readdirSync(join(dir, 'knowledge')).filter((f) => f.startsWith('freshdesk-'));
    expect(written).toHaveLength(1);
    const diagnosed = await runCli(
      ['diagnose', '--json', 'Since Monday the plugin log says: Xero says organisation is archived'],
      { env },
    );
    expect(JSON.parse(diagnosed.stdout).entry).toMatch(/^freshdesk-/);
  });

  it('refreshes its own files but keeps one a person edited', async () => {
    const article = fd.state.addArticle({
      title: 'Archived organisation',
      description:
        '<h2>What does it mean?</h2><p>Xero answers 403 OrganisationArchived.</p><h2>Why does it happen?</h2><p>It was archived.</p><h2>How do I fix it?</h2><ol><li>Restore it.</li></ol>',
    });
    expect((await runCli(['kb', 'sync', '--folder', '10'], { env })).stdout).toMatch(
      /1 article\(s\) written/,
    );
    const file = join(dir, 'knowledge', `freshdesk-${article.id}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^# synced from Freshdesk.*\n/m, ''));
    const again = await runCli(['kb', 'sync', '--folder', '10'], { env });
    expect(again.stdout).toMatch(/1 kept/);
  });

  it('asks for a folder id', async () => {
    const out = await runCli(['kb', 'sync'], { env });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--folder/);
  });
});
