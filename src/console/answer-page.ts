import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { escapeHtml } from '../reply/escape-html.js';
import { replyForEntry } from '../reply/model.js';
import { renderReplyHtml } from '../reply/render-html.js';
import { summariseVerdict } from '../reply/verdict-reply.js';
import { ANSWER_PAGE as SAY } from '../reply/wording-console.js';
import type { ConnectionSummary } from '../store/types.js';

// /answers/ENTRY: one knowledge entry's whole answer, as the customer would get it (the same
// renderer Freshdesk uses), for the Fix links on /status and the entries on /overview and /gaps.
// With ?customer=…, the customer's last probe is added when it confirms this entry.

export const ANSWERS_PATH = '/answers';

export const answerPath = (entry: string, customer?: string) =>
  `${ANSWERS_PATH}/${encodeURIComponent(entry)}${customer ? `?customer=${encodeURIComponent(customer)}` : ''}`;

/** The entry id from a request path, or undefined when the path names none. */
export function entryFromPath(pathname: string): string | undefined {
  const raw = pathname.slice(ANSWERS_PATH.length + 1);
  try {
    const id = decodeURIComponent(raw);
    return id && !id.includes('/') ? id : undefined;
  } catch {
    return undefined;
  }
}

export interface AnswerPage {
  readonly found: boolean;
  readonly body: string;
}

export function answerPage(
  index: KnowledgeIndex,
  entryId: string | undefined,
  connection: ConnectionSummary | undefined,
): AnswerPage {
  const verdict = connection?.lastVerdict;
  const last = verdict
    ? summariseVerdict({ code: verdict, tenantName: connection?.tenantName ?? null }, index)
    : undefined;
  const confirmed = entryId && last?.entry === entryId ? last : undefined;
  const reply = entryId ? replyForEntry(entryId, index, confirmed) : undefined;
  if (!reply) {
    const list = index.entries
      .map((e) => `<li><a href="${escapeHtml(answerPath(e.id))}">${escapeHtml(e.title)}</a></li>`)
      .join('');
    return {
      found: false,
      body: `<p class="error">${escapeHtml(SAY.noSuchEntry(entryId ?? ''))}</p><ul>${list}</ul>`,
    };
  }
  const back = `<a href="/status">${SAY.back}</a>`;
  const about = connection
    ? `<p class="muted">${escapeHtml(SAY.forCustomer(connection.customerKey, connection.tenantName))} ${back}</p>`
    : `<p class="muted">${back}</p>`;
  return {
    found: true,
    body: `${about}<div class="card">${renderReplyHtml(reply)}</div><p class="muted">${SAY.entry} <code>${escapeHtml(reply.entry ?? '')}</code></p>`,
  };
}
