import type { types } from '@slack/bolt';
import { type Reply, stripInlineMarkup } from '../reply/model.js';
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
const paragraphs = (items: readonly string[]) => items.map(knowledgeToMrkdwn).join('\n');

/** A titled section, or nothing when there is nothing to say (Slack rejects empty text). */
function titled(title: string, body: string): types.SectionBlock[] {
  return body.trim() ? [section(`*${title}*\n${body}`)] : [];
}

/**
 * The fix first, one line of why, then what to try next; shared by answers, probe verdicts and
 * alerts. A no-answer has no fix: its only "step" is advice on a known non-connection error,
 * shown as what to do rather than as a numbered fix.
 */
export function fixBlocks(reply: Reply): types.KnownBlock[] {
  if (reply.kind !== 'answer') return titled('What to do', paragraphs(reply.steps));
  const ifFails = [numbered(reply.ifFails), knowledgeToMrkdwn(reply.escalation)].filter((s) => s.trim());
  return [
    ...titled('Fix', numbered(reply.steps)),
    ...(reply.why.trim() ? [section(`_Why:_ ${knowledgeToMrkdwn(reply.why)}`)] : []),
    ...titled('If that does not work', ifFails.join('\n')),
  ];
}

/** What an agent reads once the fix is given: the whole meaning and the likely causes. */
function moreBlocks(reply: Reply): types.KnownBlock[] {
  if (reply.kind !== 'answer') return [];
  const body = [knowledgeToMrkdwn(reply.meaning), bulleted(reply.causes)].filter((s) => s.trim());
  return titled('More: what it means and the likely causes', body.join('\n'));
}

/** The entry's title over its fix, for messages whose header says something else. */
export function titledFixBlocks(reply: Reply): types.KnownBlock[] {
  return [section(`*${knowledgeToMrkdwn(reply.title)}*`), ...fixBlocks(reply)];
}

/** `<url|label>` only for a plain http(s) URL: a `|` or `>` in it would let it rename or end the link. */
function sourceLink(source: string | undefined): string | undefined {
  if (!source || !/^https?:\/\/[^\s|<>]+$/i.test(source)) return undefined;
  return `<${escapeMrkdwn(source)}|Read the article>`;
}

function contextLine(reply: Reply): types.ContextBlock {
  const parts = [`Confidence ${Math.round(reply.confidence * 100)}%`];
  if (reply.evidence.length) parts.push(`evidence: ${reply.evidence.map(escapeMrkdwn).join('; ')}`);
  const elements = [mrkdwn(parts.join(' · '))];
  // Its own element, so shortening a long evidence list can never cut the link in half.
  const link = sourceLink(reply.source);
  if (link) elements.push(mrkdwn(link));
  return { type: 'context', elements };
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
    placeholder: { type: 'plain_text', text: 'Probe connection…' },
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
    ? [button('👍 Helped', Actions.voteUp, id), button('👎 Wrong', Actions.voteDown, id)]
    : [];
  const ticket = options.ticketsEnabled ? [button('Open Freshdesk ticket', Actions.openTicket, id)] : [];
  const elements: types.ActionsBlockElement[] = [];
  if (options.actions === 'full') {
    if (answered) elements.push(button('Share in channel', Actions.share, id, 'primary'));
    elements.push(...ticket, ...votes);
    const select = probeSelect(options.customers ?? []);
    if (select) elements.push(select);
  } else if (options.actions === 'thread-offer') {
    elements.push(button('Post in thread', Actions.postInThread, id, 'primary'), ...votes);
    if (!answered) elements.push(...ticket);
  } else if (options.actions === 'votes') {
    elements.push(...votes);
  }
  return elements.length ? [{ type: 'actions', elements }] : [];
}

export function replyMessage(reply: Reply, options: ReplyMessageOptions): SlackMessage {
  const blocks: types.KnownBlock[] = [header(stripInlineMarkup(reply.title))];
  if (reply.kind !== 'answer') blocks.push(section(knowledgeToMrkdwn(reply.meaning)));
  blocks.push(...fixBlocks(reply));
  if (reply.probe) blocks.push(section(probeLine(reply.probe)));
  if (reply.kind !== 'answer') blocks.push(section(knowledgeToMrkdwn(reply.escalation)));
  if (options.paste?.trim()) blocks.push(section(`*You pasted*\n${codeBlock(options.paste, PASTE_MAX)}`));
  blocks.push(...moreBlocks(reply));
  blocks.push(contextLine(reply));
  blocks.push(...actionBlocks(reply, options));
  return { text: fallbackText(reply), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** What a live check of the connection concluded, in one line. */
export function probeLine(probe: { verdict: string; sentence: string }): string {
  return `*Live check* \`${escapeMrkdwn(probe.verdict)}\`\n${escapeMrkdwn(probe.sentence)}`;
}

/** The notification and screen-reader text: the title and the first step, escaped. */
export function fallbackText(reply: Reply): string {
  const first = reply.kind === 'answer' && reply.steps[0] ? ` First step: ${reply.steps[0]}` : '';
  const lead = reply.kind === 'answer' ? reply.title : 'Nothing in the knowledge base matches this paste.';
  return clip(escapeMrkdwn(stripInlineMarkup(`${lead}${first}`)), SECTION_MAX);
}
