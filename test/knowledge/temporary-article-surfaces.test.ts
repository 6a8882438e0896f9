import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
import { eventually } from '../support/eventually.js';
import { type FakeFreshdesk, startFakeFreshdesk } from '../support/fake-freshdesk/server.js';
import { allText } from '../support/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { runCli } from '../support/run-cli.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

// "Knowledge is data", proved from the outside: a knowledge folder in a temporary directory gets
// an article nobody's code has heard of, `kb build` fits it, and the same paste is answered by it
// through every surface (CLI text and JSON, Slack, Freshdesk, console). Taking it out again leaves
// nothing dangling: with its examples left behind, `kb lint` names the orphan file and line; with
// both gone, lint is clean and the paste is no longer answered by it.

const ID = 'acme-widget-sync-paused';
const TITLE = 'Acme Widgets paused the sync (widget ledger on hold)';
const FIRST_STEP = 'Release the ledger hold in the Acme Widgets settings page.';
const PASTE =
  'Order 1042 not sent. AcmeWidgets sync paused: WIDGET_LEDGER_HOLD (the widget ledger is on hold)';

const ARTICLE = `---
title: Acme Widgets stops syncing while its ledger is on hold
provider: xero
entries:
  - id: ${ID}
    title: ${TITLE}
    kind: data-error
    confirmedBy: []
    escalation: If the hold is released and widgets still do not sync, open a ticket with the widget order number.
    notApplicableTitle: Not a paused widget sync
    match:
      patterns: [widget ledger is on hold]
      phrases: [acme widget sync paused]
---

## ${ID}

### What it means

Acme Widgets stops sending widget orders to Xero while its ledger is on hold: \`WIDGET_LEDGER_HOLD\`.

### How to fix it

1. ${FIRST_STEP}
2. Press Sync now to send the held widget orders.
`;

// Made up for this test, so no `source:`: they teach the model but are not counted as real pastes.
const EXAMPLES = `label: ${ID}
examples:
  - text: 'AcmeWidgets: WIDGET_LEDGER_HOLD, the widget ledger is on hold, sync paused'
  - text: our acme widget sync paused again, it says the widget ledger is on hold
`;
const FIRST_EXAMPLE_LINE = EXAMPLES.split('\n').findIndex((l) => l.startsWith('  - text:')) + 1;

const root = mkdtempSync(join(tmpdir(), 'xerofix-temp-article-'));

/** A copy of the shipped knowledge with the temporary article (and its examples) added. */
function knowledgeWithArticle(name: string): string {
  const dir = join(root, name);
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  writeFileSync(join(dir, `${ID}.md`), ARTICLE);
  writeFileSync(join(dir, 'examples', `${ID}.yml`), EXAMPLES);
  return dir;
}

const cliEnv = (dir: string) => ({ KNOWLEDGE_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'xerofix.db')}` });
const text = (el: HTMLElement | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** The first item of the first numbered list: where every HTML renderer puts the first fix step. */
const firstStepIn = (html: string) => text(parse(html).querySelector('ol li'));

const dir = knowledgeWithArticle('knowledge');
const ADMIN_TOKEN = 'temp-article-admin-token-0123456789';
const FD_SECRET = 'temp-article-webhook-secret-0123456789';
let slack: FakeSlack;
let fd: FakeFreshdesk;
let server: ServerUnderTest;

beforeAll(async () => {
  // Built the way a support team builds it, so the server starts from a current index.
  const built = await runCli(['kb', 'build'], { env: cliEnv(dir) });
  expect(built.code).toBe(0);
  expect(built.stderr).not.toContain(ID); // named on stderr if the build had left it out
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  fd = await startFakeFreshdesk();
  server = await startServerUnderTest({
    KNOWLEDGE_DIR: dir,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    FRESHDESK_BASE_URL: fd.url,
    FRESHDESK_API_KEY: fd.apiKey,
    FRESHDESK_WEBHOOK_SECRET: FD_SECRET,
    ADMIN_TOKEN,
  });
});

afterAll(async () => {
  if (server) expectNoSecrets(server.logLines, [...server.secrets, FD_SECRET, fd.apiKey, ADMIN_TOKEN]);
  await server?.close();
  await slack?.close();
  await fd?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an article added to a temporary knowledge folder, with no code change', () => {
  it('answers the paste in the terminal with its title and its first fix step', async () => {
    const r = await runCli(['diagnose', PASTE], { env: cliEnv(dir) });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(TITLE);
    expect(r.stdout).toContain(`How to fix it:\n  1. ${FIRST_STEP}`);
  });

  it('answers it as JSON with its entry id, title and steps', async () => {
    const r = await runCli(['diagnose', '--json', PASTE], { env: cliEnv(dir) });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.entry).toBe(ID);
    expect(json.reply.title).toBe(TITLE);
    expect(json.reply.steps[0]).toBe(FIRST_STEP);
  });

  it('answers a Slack slash command with blocks that carry its title and first step', async () => {
    const responseUrl = slack.responseUrl();
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const res = await postSigned(
      `${server.url}/slack/events`,
      slashCommandBody({ text: PASTE, response_url: responseUrl }),
      FORM,
      { secret: SIGNING_SECRET },
    );
    expect(res.status).toBe(200);
    const { body } = await slack.waitFor(() => slack.responses.find((r) => r.id === id));
    const blocks = allText(body.blocks);
    expect(blocks).toContain(TITLE);
    expect(blocks).toMatch(new RegExp(`1\\. ${FIRST_STEP.replace(/\./g, '\\.')}`));
  });

  it('answers a new Freshdesk ticket with a note whose HTML carries its title and first step, tagged with its id', async () => {
    const ticket = fd.state.addTicket({
      subject: 'Widgets stuck',
      description: `<div>${PASTE}</div>`,
      email: 'owner@widgets.test',
    });
    const res = await fetch(`${server.url}/freshdesk/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`freshdesk:${FD_SECRET}`).toString('base64')}`,
      },
      body: JSON.stringify({ ticket_id: String(ticket.id) }),
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(ticket.tags).toContain(`xerofix:${ID}`), 8000);
    const [note] = fd.state.answersOn(ticket.id);
    expect(note?.body).toContain(TITLE);
    expect(firstStepIn(note?.body ?? '')).toBe(FIRST_STEP);
  });

  it('answers it on the console /lookup page with its title and first step', async () => {
    const signedIn = await fetch(`${server.url}/signin`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const form = await (await fetch(`${server.url}/lookup`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const res = await fetch(`${server.url}/lookup`, {
      method: 'POST',
      headers: { 'content-type': FORM, cookie },
      body: new URLSearchParams({ csrf, paste: PASTE }).toString(),
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(text(parse(page).querySelector('main'))).toContain(TITLE);
    expect(firstStepIn(page)).toBe(FIRST_STEP);
  });
});

// Each case runs kb lint and kb build, which fit the whole model (several seconds each).
describe('the temporary article taken out again', { timeout: 60_000 }, () => {
  it('leaves its examples file dangling when only the article goes, and kb lint names that file and line', async () => {
    const orphaned = knowledgeWithArticle('article-removed');
    unlinkSync(join(orphaned, `${ID}.md`));
    const lint = await runCli(['kb', 'lint'], { env: cliEnv(orphaned) });
    expect(lint.code).not.toBe(0);
    expect(lint.stdout).toMatch(
      new RegExp(
        `^knowledge/examples/${ID}\\.yml:${FIRST_EXAMPLE_LINE}: error: .*"${ID}".*neither an entry`,
        'm',
      ),
    );
  });

  it('leaves nothing behind when the article and its examples go: lint is clean and the paste is no longer answered by it', async () => {
    const gone = knowledgeWithArticle('both-removed');
    unlinkSync(join(gone, `${ID}.md`));
    unlinkSync(join(gone, 'examples', `${ID}.yml`));
    const lint = await runCli(['kb', 'lint'], { env: cliEnv(gone) });
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toContain(ID);
    expect((await runCli(['kb', 'build', '--quiet'], { env: cliEnv(gone) })).code).toBe(0);
    const r = await runCli(['diagnose', '--json', PASTE], { env: cliEnv(gone) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entry).not.toBe(ID);
    expect(r.stdout).not.toContain(TITLE);
  });
});
