import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../runtime/logger.js';
import type { Store } from '../store/store.js';
import type { WebRequest, WebResponse } from '../web/router.js';

export const ANSWER_JOB = 'freshdesk-answer';
export const answerKey = (ticketId: number) => `${ANSWER_JOB}:${ticketId}`;

/** An answer job: the webhook and the poller have written this one shape since both existed. */
export const answerPayloadSchema = z
  .object({
    ticketId: z.number().int().positive(),
    via: z.enum(['webhook', 'poller']),
  })
  .readonly();
export type AnswerPayload = z.infer<typeof answerPayloadSchema>;

export interface WebhookDeps {
  readonly store: Store;
  readonly secret: string;
  readonly log: Logger;
  /** Tells the job runner there is work, so the answer does not wait for the next poll. */
  readonly wake: () => void;
}

const json = (status: number, body: unknown, extra: Record<string, string> = {}): WebResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});

/**
 * POST /freshdesk/webhook from an automation rule: {"ticket_id":"{{ticket.id}}"} with Basic
 * auth whose password is FRESHDESK_WEBHOOK_SECRET. The job is stored before the 200, so a
 * crash after it loses nothing; the body's other fields are ignored (the worker fetches the
 * ticket from the API), so a forged body cannot put words in our mouth.
 */
export function webhookHandler(deps: WebhookDeps) {
  return async (req: WebRequest): Promise<WebResponse> => {
    if (!passwordMatches(req.headers.authorization, deps.secret)) {
      return json(401, { error: 'authentication required' }, { 'www-authenticate': 'Basic realm="xerofix"' });
    }
    const ticketId = parseTicketId(req.body);
    if (typeof ticketId === 'string') return json(400, { error: ticketId });
    const payload: AnswerPayload = { ticketId, via: 'webhook' };
    const { created } = await deps.store.jobs.enqueue({
      kind: ANSWER_JOB,
      dedupeKey: answerKey(ticketId),
      payload,
    });
    deps.log.info('freshdesk webhook accepted', { ticket: ticketId, duplicate: !created });
    deps.wake();
    return json(200, { accepted: true, duplicate: !created });
  };
}

/** The ticket id, or the reason the body is unusable. Freshdesk renders placeholders as strings. */
export function parseTicketId(body: string): number | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON; expected {"ticket_id": "{{ticket.id}}"}';
  }
  const raw = (parsed as { ticket_id?: unknown } | null)?.ticket_id;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^[1-9]\d{0,14}$/.test(text)) {
    return 'ticket_id is missing or not a ticket number; expected {"ticket_id": "{{ticket.id}}"}';
  }
  return Number(text);
}

/** Basic auth with any user name; the password is compared in constant time (as digests). */
function passwordMatches(header: string | undefined, secret: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(secret));
}
