import type { Desk } from '../answer/desk.js';
import type { OpenedTicket } from '../answer/ticket.js';
import { escapeHtml } from '../reply/escape-html.js';
import type { Reply } from '../reply/model.js';
import { renderAgentNoteHtml } from '../reply/render-html.js';
import { cutAt } from '../reply/truncate.js';
import { TICKET_WORDS } from '../reply/wording.js';
import type { FreshdeskClient } from './client.js';

// Opening a ticket "with everything gathered": what the customer pasted, what xerofix made of
// it (or that nothing matched), and the probe verdict, with tags agents can filter on.

export interface TicketDraft {
  readonly email: string;
  readonly subject: string;
  /** Free text typed or edited by a person (the Slack modal); shown first. */
  readonly note?: string;
  readonly paste?: string;
  readonly reply?: Reply;
  readonly priority?: 1 | 2 | 3 | 4;
  /** A tag unique to the job opening it, so a retry can find the ticket (see reference-tag.ts). */
  readonly reference?: string;
}

const STATUS_OPEN = 2;
const SOURCE_PORTAL = 2;
const PRIORITY_MEDIUM = 2;

export function ticketDescriptionHtml(draft: TicketDraft): string {
  const parts: string[] = [];
  if (draft.note?.trim()) parts.push(`<div>${escapeHtml(draft.note.trim()).replace(/\n/g, '<br>')}</div>`);
  if (draft.paste?.trim())
    parts.push(
      `<p><strong>${escapeHtml(TICKET_WORDS.pasteHeading)}</strong></p><pre>${escapeHtml(draft.paste.trim())}</pre>`,
    );
  if (draft.reply) parts.push(renderAgentNoteHtml(draft.reply));
  return parts.join('\n') || `<p>${escapeHtml(TICKET_WORDS.emptyDescription)}</p>`;
}

export function ticketTags(reply?: Reply, reference?: string): string[] {
  const entry = reply?.entry ? `xerofix:${reply.entry}` : 'xerofix:unmatched';
  // Freshdesk allows 32 characters per tag.
  return ['xerofix', entry.slice(0, 32), ...(reference ? [reference] : [])];
}

export async function openTicket(
  client: FreshdeskClient,
  baseUrl: string,
  draft: TicketDraft,
): Promise<OpenedTicket> {
  const ticket = await client.createTicket({
    email: draft.email,
    // Freshdesk refuses a subject over 255 characters; never cut one in half an emoji.
    subject: cutAt(draft.subject, 255),
    description: ticketDescriptionHtml(draft),
    status: STATUS_OPEN,
    priority: draft.priority ?? PRIORITY_MEDIUM,
    source: SOURCE_PORTAL,
    tags: ticketTags(draft.reply, draft.reference),
  });
  return { id: ticket.id, url: ticketUrl(baseUrl, ticket.id) };
}

export const ticketUrl = (baseUrl: string, id: number) => `${baseUrl.replace(/\/+$/, '')}/a/tickets/${id}`;

/** A draft for a pasted error: diagnosed (and probed, when the requester is connected) first. */
export async function draftFromPaste(
  desk: Desk,
  input: { email: string; subject?: string; paste: string; customer?: string },
): Promise<TicketDraft> {
  const answer = await desk.ask({
    surface: 'cli',
    paste: input.paste,
    askedBy: input.email,
    customer: input.customer,
  });
  const subject =
    input.subject ??
    (answer.reply.kind === 'answer'
      ? TICKET_WORDS.subjectFor(answer.reply.title)
      : TICKET_WORDS.subjectNoMatch);
  return { email: input.email, subject, paste: input.paste, reply: answer.reply };
}
