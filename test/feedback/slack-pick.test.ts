import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NONE_OF_THESE_VALUE } from '../../src/knowledge/examples.js';
import { FEEDBACK_PICK_ACTION } from '../../src/slack/feedback-picker.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { allText, blockAction, buttonValue, elements } from '../support/fake-slack/payloads.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack/server.js';
import { FORM, interactionBody, postSigned, slashCommandBody } from '../support/fake-slack/sign.js';
import {
  BOT_TOKEN,
  type ServerUnderTest,
  SIGNING_SECRET,
  startServerUnderTest,
} from '../support/xerofix-server.js';

// After 👎 in Slack the agent picks the answer that was right (or none of these), through the
// real app: signed requests, the stored-work path, answers through the response_url.

const PASTE_401 = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudC10ZXN0In0.c2lnbmF0dXJlLXNsYWNr';

let slack: FakeSlack;
let server: ServerUnderTest;
const events = () => `${server.url}/slack/events`;
const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const responseFor = (id: string) => slack.waitFor(() => slack.responses.find((r) => r.id === id));

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  server = await startServerUnderTest({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  });
});
afterAll(async () => {
  expectNoSecrets(server.logLines, [...server.secrets, JWT]);
  await server.close();
  await slack.close();
});

async function ask(text: string) {
  const responseUrl = slack.responseUrl();
  await postSigned(events(), slashCommandBody({ text, response_url: responseUrl }), FORM, {
    secret: SIGNING_SECRET,
  });
  return (await responseFor(idOf(responseUrl))).body;
}

async function click(action: Record<string, unknown>, user = 'U7') {
  const responseUrl = slack.responseUrl();
  const res = await postSigned(events(), interactionBody(blockAction(action, { responseUrl, user })), FORM, {
    secret: SIGNING_SECRET,
  });
  expect(res.status).toBe(200);
  return (await responseFor(idOf(responseUrl))).body;
}

interface Picker {
  action_id: string;
  option_groups: { label: { text: string }; options: { text: { text: string }; value: string }[] }[];
}
const pickerIn = (message: unknown) => {
  const found = elements(message).find((e) => e.action_id === FEEDBACK_PICK_ACTION) as Picker | undefined;
  if (!found) throw new Error('no picker in the message');
  return found;
};
const optionFor = (picker: Picker, label: string) => {
  const option = picker.option_groups.flatMap((g) => g.options).find((o) => o.value.endsWith(` ${label}`));
  if (!option) throw new Error(`no option for ${label}`);
  return option;
};
const selectOption = (option: { text: { text: string }; value: string }) => ({
  type: 'static_select',
  action_id: FEEDBACK_PICK_ACTION,
  selected_option: { text: { type: 'plain_text', text: option.text.text }, value: option.value },
});

async function votedDown(paste: string) {
  const answer = await ask(paste);
  const followUp = await click({
    type: 'button',
    action_id: 'xerofix_vote_down',
    value: buttonValue(answer, 'xerofix_vote_down'),
  });
  return { lookupId: buttonValue(answer, 'xerofix_vote_down'), followUp };
}

describe('picking the right answer after 👎 in Slack', () => {
  it('offers every other entry, the near-miss classes and "none of these"', async () => {
    const { followUp } = await votedDown(`${PASTE_401} order 2001`);
    expect(allText(followUp)).toMatch(/which answer would have been right/i);
    const picker = pickerIn(followUp);
    const values = picker.option_groups.flatMap((g) => g.options.map((o) => o.value.split(' ')[1]));
    const { index } = server.running.desk;
    const others = index.entries.map((e) => e.id).filter((id) => id !== 'xero-401-unauthorized');
    expect(values).toEqual(
      expect.arrayContaining([...others, 'xero-other', 'other-provider', NONE_OF_THESE_VALUE]),
    );
    expect(values).not.toContain('xero-401-unauthorized'); // the answer voted wrong
    expect(picker.option_groups.map((g) => g.label.text)).toEqual([
      'Articles',
      'Not an article (known near-misses)',
      'None of these',
    ]);
  });

  it('stores the pick with the paste redacted, for kb feedback export', async () => {
    const { lookupId, followUp } = await votedDown(`${PASTE_401} Authorization: Bearer ${JWT} order 2002`);
    const reply = await click(selectOption(optionFor(pickerIn(followUp), 'xero-403-forbidden')));
    expect(reply.text).toMatch(/noted that this paste is “.+”.*kb feedback export/);
    const store = server.running.services.store;
    const pick = (await store.feedbackExamples.pendingExport()).find((p) => p.lookupId === lookupId);
    expect(pick).toMatchObject({ label: 'xero-403-forbidden', chosenBy: 'U7', surface: 'slack' });
    expect(pick?.paste).toContain('order 2002');
    expect(pick?.paste).not.toContain(JWT);
    // The 👎 itself is kept as before.
    expect((await store.feedback.downVotes()).some((d) => d.lookupId === lookupId)).toBe(true);
  });

  it('records "none of these" as a gap with no label, never exported', async () => {
    const { lookupId, followUp } = await votedDown(`${PASTE_401} order 2003`);
    const reply = await click(selectOption(optionFor(pickerIn(followUp), NONE_OF_THESE_VALUE)));
    expect(reply.text).toMatch(/none of the answers fits/);
    const store = server.running.services.store;
    expect((await store.feedbackExamples.forLookups([lookupId])).get(lookupId)?.label).toBeNull();
    expect((await store.feedbackExamples.pendingExport()).some((p) => p.lookupId === lookupId)).toBe(false);
  });

  it('refuses a label this server does not know, and stores nothing', async () => {
    const { lookupId } = await votedDown(`${PASTE_401} order 2004`);
    const reply = await click(
      selectOption({ text: { text: 'Gone' }, value: `${lookupId} entry-removed-since` }),
    );
    expect(reply.text).toMatch(/not in the knowledge this server loaded/);
    const store = server.running.services.store;
    expect((await store.feedbackExamples.forLookups([lookupId])).size).toBe(0);
  });
});
