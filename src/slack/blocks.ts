import type { types } from '@slack/bolt';
import { type Channel, sectionsFor } from '../reply/channels.js';
import { plainInline } from '../reply/markup.js';
import type { Reply } from '../reply/model.js';
import type { ReplySection } from '../reply/sections.js';
import { FALLBACK_NO_MATCH, fallbackFirstStep, HEADINGS, PASTE_HEADING_ASKER } from '../reply/wording.js';
import { SLACK_BUTTONS } from '../reply/wording-slack.js';
import { clip, codeBlock, escapeMrkdwn, knowledgeToMrkdwn } from './escape.js';
import { Actions } from './ids.js';
import type { SlackMessage } from './message.js';

// The reply model as Block Kit. Limits (docs.slack.dev block reference): 50 blocks per
// message, 3000 characters per section text, 150 per header, 75 per button label and option
// text, 2000 per button value, 150 per option value, 100 options, 10 context elements. Every
// mrkdwn object is verbatim so Slack does not turn pasted words into mentions or links.

const SECTION_MAX = 3000;
const HEADER_MAX = 150;
const LABEL_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const OPTION_VALUE_MAX = 150;
const PASTE_MAX = 500;
const MAX_BLOCKS = 50;
const MAX_OPTIONS = 100;

/** 'votes' is for the thread auto-reply: anyone may rate it, nobody needs the other buttons. */
export type ActionSet = 'full' | 'thread-offer' | 'votes' | 'none';

export interface ReplyMessageOptions {
  /** Carried in every button value, so a click finds the question again. */
  readonly lookupId: string;
  /** Shown back (shortened) so the person sees what was diagnosed. */
  readonly paste?: string;
  readonly actions: ActionSet;
  /** Customers offered in the "Probe connection" picker. */
  readonly customers?: readonly string[];
  readonly ticketsEnabled: boolean;
}

export const mrkdwn = (text: string): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: clip(text, SECTION_MAX),
  verbatim: true,
});

export const section = (text: string): types.SectionBlock => ({ type: 'section', text: mrkdwn(text) });

export const header = (text: string): types.HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, HEADER_MAX), emoji: true },
});

const numbered = (items: readonly string[]) =>
  items.map((s, i) => `${i + 1}. ${knowledgeToMrkdwn(s)}`).join('\n');
const bulleted = (items: readonly string[]) => items.map((s) => `• ${knowledgeToMrkdwn(s)}`).join('\n');

/** `<url|label>`: the reply model only gives a link whose URL has no `|`, `<`, `>` or space. */
const link = (href: string, label: string) => `<${escapeMrkdwn(href)}|${escapeMrkdwn(label)}>`;

/** One section as a block: a bold heading over its body, or a run-in heading for one line. */
function sectionBlock({ heading, body }: ReplySection): types.KnownBlock {
  const h = escapeMrkdwn(heading);
  switch (body.form) {
    case 'paragraph':
      return section(`*${h}*\n${knowledgeToMrkdwn(body.text)}`);
    case 'numbered':
      return section(`*${h}*\n${numbered(body.items)}`);
    case 'bulleted':
      return section(`*${h}*\n${bulleted(body.items)}`);
    case 'link':
      return section(`*${h}:* ${link(body.href, body.label)}`);
    // How it decided is small print under the answer.
    case 'quoted': {
      const items = body.items.map(escapeMrkdwn).join('; ');
      return { type: 'context', elements: [mrkdwn(`*${h}:* ${body.lead ? `${body.lead} · ` : ''}${items}`)] };
    }
    case 'verdict':
      return section(probeLine({ verdict: body.code, sentence: body.sentence }));
  }
}

/** Every section the channel shows, in the reply model's one order. */
export function sectionBlocks(reply: Reply, channel: Channel): types.KnownBlock[] {
  return sectionsFor(reply, channel).map(sectionBlock);
}

/** The entry's title over its answer, for alert and probe messages whose header says something else. */
export function titledReplyBlocks(reply: Reply): types.KnownBlock[] {
  return [section(`*${knowledgeToMrkdwn(reply.title)}*`), ...sectionBlocks(reply, 'slack-alert')];
}

const button = (text: string, actionId: string, value: string, style?: 'primary'): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clip(text, LABEL_MAX), emoji: true },
  action_id: actionId,
  value: value.slice(0, BUTTON_VALUE_MAX),
  ...(style ? { style } : {}),
});

/**
 * Customer keys longer than an option value allows are left out rather than cut: a cut key
 * would probe somebody else, or nobody. Duplicates and blanks are dropped (Slack rejects them).
 */
function probeSelect(customers: readonly string[]): types.StaticSelect | undefined {
  const keys = [...new Set(customers)].filter((c) => c.trim() && c.length <= OPTION_VALUE_MAX);
  if (!keys.length) return undefined;
  return {
    type: 'static_select',
    action_id: Actions.probe,
    placeholder: { type: 'plain_text', text: SLACK_BUTTONS.probePlaceholder },
    options: keys.slice(0, MAX_OPTIONS).map((c) => ({
      text: { type: 'plain_text', text: clip(c, LABEL_MAX) },
      value: c,
    })),
  };
}

/**
 * Sharing or rating "nothing matched" helps nobody, so a no-answer offers only the ticket (and,
 * from the shortcut, posting in the thread).
 */
function actionBlocks(reply: Reply, options: ReplyMessageOptions): types.KnownBlock[] {
  const id = options.lookupId;
  const answered = reply.kind === 'answer';
  const votes = answered
    ? [button(SLACK_BUTTONS.helped, Actions.voteUp, id), button(SLACK_BUTTONS.wrong, Actions.voteDown, id)]
    : [];
  const ticket = options.ticketsEnabled ? [button(SLACK_BUTTONS.openTicket, Actions.openTicket, id)] : [];
  const elements: types.ActionsBlockElement[] = [];
  if (options.actions === 'full') {
    if (answered) elements.push(button(SLACK_BUTTONS.share, Actions.share, id, 'primary'));
    elements.push(...ticket, ...votes);
    const select = probeSelect(options.customers ?? []);
    if (select) elements.push(select);
  } else if (options.actions === 'thread-offer') {
    elements.push(button(SLACK_BUTTONS.postInThread, Actions.postInThread, id, 'primary'), ...votes);
    if (!answered) elements.push(...ticket);
  } else if (options.actions === 'votes') {
    elements.push(...votes);
  }
  return elements.length ? [{ type: 'actions', elements }] : [];
}

export function replyMessage(reply: Reply, options: ReplyMessageOptions): SlackMessage {
  const blocks: types.KnownBlock[] = [header(plainInline(reply.title)), ...sectionBlocks(reply, 'slack')];
  if (options.paste?.trim())
    blocks.push(section(`*${PASTE_HEADING_ASKER}*\n${codeBlock(options.paste, PASTE_MAX)}`));
  blocks.push(...actionBlocks(reply, options));
  return { text: fallbackText(reply), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** What a live check of the connection concluded, in one line. */
export function probeLine(probe: { verdict: string; sentence: string }): string {
  return `*${escapeMrkdwn(HEADINGS.probe)}:* \`${escapeMrkdwn(probe.verdict)}\` ${escapeMrkdwn(probe.sentence)}`;
}

/** The notification and screen-reader text: the title and the first step, escaped. */
export function fallbackText(reply: Reply): string {
  const first = reply.kind === 'answer' && reply.steps[0] ? fallbackFirstStep(reply.steps[0]) : '';
  const lead = reply.kind === 'answer' ? reply.title : FALLBACK_NO_MATCH;
  return clip(escapeMrkdwn(plainInline(`${lead}${first}`)), SECTION_MAX);
}
