import type { Desk } from '../answer/desk.js';
import type { JobContext } from '../jobs/runner.js';
import { renderAgentNoteHtml, renderReplyHtml } from '../reply/render-html.js';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { FreshdeskClient } from './client.js';
import type { Ticket } from './types.js';
import type { AnswerPayload } from './webhook.js';

export interface AnswerDeps {
  readonly desk: Desk;
  readonly store: Store;
  readonly client: FreshdeskClient;
  readonly log: Logger;
  readonly mode: 'note' | 'reply';
  /** A public reply goes out only at or above this confidence. */
  readonly replyMinConfidence: number;
}

/** What the job has already done, saved after each step so a retry never repeats one. */
interface Progress {
  lookupId?: string;
  entry?: string | null;
  replied?: boolean;
  noted?: boolean;
  tagged?: boolean;
}

/** The runner's context plus which attempt this is (a first attempt has nothing to reconcile). */
export type AnswerContext = JobContext & { readonly attempt: number };

// Every post carries a reference line; after a crash between posting and saving progress, the
// retry finds it in the ticket's conversation and does not post again.
const marker = (ticketId: number, kind: 'reply' | 'note') => `xerofix ref ${ticketId}-${kind}`;

/**
 * Answers one new ticket: fetch it from the API (the webhook body is never trusted), diagnose
 * subject and description, probe when the requester has a stored connection, then reply
 * and/or note, and tag. Exactly one answer per ticket: the job is unique per ticket, and each
 * step is recorded (and, after a crash, checked against the ticket) before the next.
 */
export async function answerTicket(
  deps: AnswerDeps,
  payload: AnswerPayload,
  ctx: AnswerContext,
): Promise<void> {
  const progress = ctx.progress as Progress;
  const ticket = await deps.client.getTicket(payload.ticketId);
  if (answeredBefore(ticket)) {
    // A ticket comes back whenever it is updated; once its answer's job has been purged
    // (jobs/purge.ts), the tag that answer left is what says it was answered.
    deps.log.info('freshdesk ticket already answered; not answering again', { ticket: ticket.id });
    return;
  }
  const paste = [ticket.subject, ticket.description_text].filter(Boolean).join('\n\n');
  const customer = await connectedCustomer(deps.store, ticket);
  const answer = await deps.desk.ask({
    surface: 'freshdesk',
    paste,
    askedBy: ticket.requester?.email ?? null,
    customer,
    // A retry after a crash must not record the question twice.
    ...(progress.lookupId ? { lookupId: progress.lookupId } : {}),
  });
  if (!progress.lookupId) await ctx.saveProgress({ lookupId: answer.lookup.id, entry: answer.reply.entry });

  const matched = answer.reply.kind === 'answer';
  const reply = matched && deps.mode === 'reply' && answer.reply.confidence >= deps.replyMinConfidence;
  const earlier = ctx.attempt > 1 ? await postedMarkers(deps.client, ticket.id) : new Set<string>();

  if (reply && !progress.replied) {
    if (!earlier.has(marker(ticket.id, 'reply'))) {
      await deps.client.reply(
        ticket.id,
        withMarker(renderReplyHtml(answer.reply), marker(ticket.id, 'reply')),
      );
    }
    await ctx.saveProgress({ replied: true });
  }
  if (matched && !progress.noted) {
    if (!earlier.has(marker(ticket.id, 'note'))) {
      const html = renderAgentNoteHtml(answer.reply, paste);
      await deps.client.addNote(ticket.id, withMarker(html, marker(ticket.id, 'note')), { private: true });
    }
    await ctx.saveProgress({ noted: true });
  }
  if (!progress.tagged) {
    await deps.client.addTags(ticket.id, [
      matched ? `${ANSWER_TAG}${answer.reply.entry}` : `${ANSWER_TAG}unmatched`,
    ]);
    await ctx.saveProgress({ tagged: true });
  }
  deps.log.info('freshdesk ticket answered', {
    ticket: ticket.id,
    entry: answer.reply.entry,
    replied: reply,
    probed: customer !== undefined,
  });
}

/** Every answer ends by tagging the ticket `xerofix:ENTRY` (or `xerofix:unmatched`). */
const ANSWER_TAG = 'xerofix:';

/** The answer's last step (the tag) is there: everything before it was done too. */
const answeredBefore = (ticket: Ticket) =>
  (ticket.tags ?? []).some((tag) => tag.toLowerCase().startsWith(ANSWER_TAG));

const withMarker = (html: string, ref: string) => `${html}\n<p style="color:#888;font-size:11px">${ref}</p>`;

async function postedMarkers(client: FreshdeskClient, ticketId: number): Promise<Set<string>> {
  const found = new Set<string>();
  for (const c of await client.listConversations(ticketId)) {
    for (const kind of ['reply', 'note'] as const) {
      const ref = marker(ticketId, kind);
      if ((c.body_text ?? c.body ?? '').includes(ref)) found.add(ref);
    }
  }
  return found;
}

/** The requester's stored connection (the store also tries their email's domain). */
async function connectedCustomer(store: Store, ticket: Ticket): Promise<string | undefined> {
  const email = ticket.requester?.email;
  return email ? (await store.connections.findByCustomer(email))?.customerKey : undefined;
}
