import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { allText, blockAction, buttonValue } from '../support/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, interactionBody, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
import { type Child, freePort, startChild } from '../support/processes.js';
import { newKey } from '../support/stores.js';

// Real server processes (the compiled CLI, as `npm start` runs it) on one SQLite file, the
// fake Slack in this process. A slash command is acknowledged, its process is killed with
// SIGKILL while the answer is still on its way, and the next process must deliver it: once.

const SECRET = 'signing-secret-for-restarts-0123456789';
const TOKEN = 'xoxb-restart-test-token';
const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

let slack: FakeSlack;
let dir: string;
let env: Record<string, string>;
const children: Child[] = [];

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'xerofix-restart-'));
  env = {
    DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
    XEROFIX_SECRET_KEY: newKey(),
    KEEPER_INTERVAL_SECONDS: '0',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    // Short leases, so a dead process's claim on the work runs out within the test.
    JOB_LEASE_SECONDS: '2',
    JOB_RETRY_BASE_MS: '50',
    LOG_LEVEL: 'info',
  };
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<Child> {
  const port = await freePort();
  const child = await startChild(
    'bin/xerofix.js',
    ['serve'],
    { ...env, PORT: String(port) },
    port,
    'xerofix is serving',
  );
  children.push(child);
  return child;
}

const answersTo = (url: string) => slack.responses.filter((r) => url.endsWith(`/${r.id}`));

describe('a slash command whose process died before answering', () => {
  it('is answered once, by the next process, through its response_url', async () => {
    const first = await serve();
    const responseUrl = slack.responseUrl();
    // The answer leaves the first process but never arrives: the kill lands while it is on its way.
    slack.hang(responseUrl);
    const body = slashCommandBody({ text: PASTE_401, response_url: responseUrl, trigger_id: '1.restart.1' });
    const ack = await postSigned(`${first.url}/slack/events`, body, FORM, { secret: SECRET });
    expect(ack.status).toBe(200);
    await slack.waitFor(() => slack.held(responseUrl) > 0, 10_000);
    await first.kill();
    slack.unhang(responseUrl);
    expect(answersTo(responseUrl)).toHaveLength(0);

    const second = await serve();
    await eventually(() => expect(answersTo(responseUrl)).toHaveLength(1), 20_000);
    const [answer] = answersTo(responseUrl);
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(allText(answer?.body.blocks)).toMatch(/Authorise/);
    // Long enough for another lease to lapse and the job to be looked at again: still one answer.
    await new Promise((r) => setTimeout(r, 4000));
    expect(answersTo(responseUrl)).toHaveLength(1);
    expect(second.output()).not.toContain('gave up on Slack work');
  }, 60_000);

  it('is a button click too: a Share accepted by a killed process is shared by the next, once', async () => {
    const first = await serve();
    const answerUrl = slack.responseUrl();
    const command = slashCommandBody({ text: PASTE_401, response_url: answerUrl, trigger_id: '1.restart.2' });
    await postSigned(`${first.url}/slack/events`, command, FORM, { secret: SECRET });
    const { body: answer } = await slack.waitFor(() => answersTo(answerUrl)[0], 10_000);

    const shareUrl = slack.responseUrl();
    slack.hang(shareUrl);
    const click = blockAction(
      { type: 'button', action_id: 'xerofix_share', value: buttonValue(answer, 'xerofix_share') },
      { responseUrl: shareUrl },
    );
    const ack = await postSigned(`${first.url}/slack/events`, interactionBody(click), FORM, {
      secret: SECRET,
    });
    expect(ack.status).toBe(200);
    await slack.waitFor(() => slack.held(shareUrl) > 0, 10_000);
    await first.kill();
    slack.unhang(shareUrl);

    await serve();
    await eventually(() => expect(answersTo(shareUrl)).toHaveLength(1), 20_000);
    expect(answersTo(shareUrl)[0]?.body.response_type).toBe('in_channel');
    await new Promise((r) => setTimeout(r, 4000));
    expect(answersTo(shareUrl)).toHaveLength(1);
  }, 60_000);
});
