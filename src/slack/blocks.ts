import type { types } from '@slack/bolt';
import type { Reply } from '../reply/model.js';
import { clip, codeBlock, escapeMrkdwn, knowledgeToMrkdwn } from './escape.js';
import { Actions } from './ids.js';
import type { SlackMessage } from './message.js';

// The reply model as Block Kit. Limits (docs.slack.dev block reference): 50 blocks per
// message, 3000 characters per section text, 150 per header, 75 per button label, 2000 per
// button value, 10 context elements. Every mrkdwn object is verbatim so Slack does not turn
// pasted words into mentions or links.

const SECTION_MAX = 3000;
const PASTE_MAX = 500;
const MAX_BLOCKS = 50;
const MAX_OPTIONS = 100;

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

const numbered = (items: readonly string[]) =>
  items.map((s, i) => `${i + 1}. ${knowledgeToMrkdwn(s)}`).join('\n');
const bulleted = (items: readonly string[]) => items.map((s) => `• ${knowledgeToMrkdwn(s)}`).join('\n');

/** A titled section, or nothing when there is nothing to say (Slack rejects empty text). */
function titled(title: string, body: string): types.SectionBlock[] {
  return body.trim() ? [section(`*${title}*\n${body}`)] : [];
}

/** The fix steps and what to try next; shared by answers, probe verdicts and alerts. */
export function fixBlocks(reply: Reply): types.KnownBlock[] {
  return [
    ...titled('Likely cause', bulleted(reply.causes)),
    ...titled(reply.kind === 'answer' ? 'Fix' : 'What to do', numbered(reply.steps)),
    ...titled('If that does not work', numbered(reply.ifFails)),
  ];
}

function sourceLink(source: string | undefined): string | undefined {
  if (!source || !/^https?:\/\/[^\s|<>]+$/i.test(source)) return undefined;
  return `<${escapeMrkdwn(source)}|Read the article>`;
}

function contextLine(reply: Reply): types.ContextBlock {
  const parts = [`Confidence ${Math.round(reply.confidence * 100)}%`];
  if (reply.evidence.length) parts.push(`evidence: ${reply.evidence.map(escapeMrkdwn).join('; ')}`);
  const link = sourceLink(reply.source);
  if (link) parts.push(link);
  return { type: 'context', elements: [mrkdwn(parts.join(' · '))] };
}

const button = (text: string, actionId: string, value: string, style?: 'primary'): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clip(text, 75), emoji: true },
  action_id: actionId,
  value: value.slice(0, 2000),
  ...(style ? { style } : {}),
});

function actionBlocks(reply: Reply, options: ReplyMessageOptions): types.KnownBlock[] {
  const id = options.lookupId;
  const votes = [button('👍 Helped', Actions.voteUp, id), button('👎 Wrong', Actions.voteDown, id)];
  const elements: types.ActionsBlockElement[] = [];
  if (options.actions === 'full') {
    if (reply.kind === 'answer') elements.push(button('Share in channel', Actions.share, id, 'primary'));
    if (options.ticketsEnabled) elements.push(button('Open Freshdesk ticket', Actions.openTicket, id));
    if (reply.kind === 'answer') elements.push(...votes);
    const customers = (options.customers ?? []).slice(0, MAX_OPTIONS);
    if (customers.length) {
      elements.push({
        type: 'static_select',
        action_id: Actions.probe,
        placeholder: { type: 'plain_text', text: 'Probe connection…' },
        options: customers.map((c) => ({
          text: { type: 'plain_text', text: clip(c, 75) },
          value: c.slice(0, 150),
        })),
      });
    }
  } else if (options.actions === 'thread-offer') {
    elements.push(button('Post in thread', Actions.postInThread, id, 'primary'));
    if (options.ticketsEnabled) elements.push(button('Open Freshdesk ticket', Actions.openTicket, id));
    if (reply.kind === 'answer') elements.push(...votes);
  } else if (options.actions === 'votes' && reply.kind === 'answer') {
    elements.push(...votes);
  }
  return elements.length ? [{ type: 'actions', elements }] : [];
}

export function replyMessage(reply: Reply, options: ReplyMessageOptions): SlackMessage {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(reply.title, 150), emoji: false } },
  ];
  if (reply.kind === 'answer') {
    blocks.push(...titled('What it means', knowledgeToMrkdwn(reply.meaning)));
  } else {
    blocks.push(section(`Nothing in the knowledge base matches this. ${knowledgeToMrkdwn(reply.meaning)}`));
  }
  if (options.paste?.trim()) blocks.push(section(`*You pasted*\n${codeBlock(options.paste, PASTE_MAX)}`));
  blocks.push(...fixBlocks(reply));
  if (reply.probe) {
    blocks.push(
      section(`*Live check* (${escapeMrkdwn(reply.probe.verdict)})\n${escapeMrkdwn(reply.probe.sentence)}`),
    );
  }
  if (reply.kind !== 'answer') blocks.push(section(knowledgeToMrkdwn(reply.escalation)));
  blocks.push(contextLine(reply));
  blocks.push(...actionBlocks(reply, options));
  return { text: fallbackText(reply), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** The notification and screen-reader text: the title and the first step, escaped. */
export function fallbackText(reply: Reply): string {
  const first = reply.steps[0] ? ` First step: ${reply.steps[0]}` : '';
  const lead = reply.kind === 'answer' ? reply.title : 'No confident answer for this paste.';
  return clip(escapeMrkdwn(`${lead}${first}`).replace(/\*\*/g, ''), SECTION_MAX);
}
