import { escapeHtml } from '../reply/escape-html.js';
import { PAGE_TITLES, PENDING_PAGE as SAY } from '../reply/wording-console.js';
import type { Logger } from '../runtime/logger.js';
import {
  confirmPending,
  describeSide,
  discardPending,
  type PendingConnectionSummary,
  type Revocation,
  type RevokeAtXero,
} from '../store/pending-connections.js';
import type { Store } from '../store/store.js';
import type { Handler, Router, WebRequest, WebResponse } from '../web/router.js';
import { consolePage, formOf } from './layout.js';
import type { Session } from './session.js';

// /status/pending: connections customers sent through a connect link that would replace the
// one stored for them (another organisation, or shared becoming owned). Nothing changes until
// an agent compares the two sides here and confirms or discards.

export const PENDING_PATH = '/status/pending';
/** Where decisions made here are recorded as made. */
const DECIDED_IN = 'the console';
const TITLE = PAGE_TITLES.pending;

export interface PendingConsoleDeps {
  readonly store: Store;
  readonly log: Logger;
  /**
   * The console's own guard (mount.ts): a signed-in session for every page, and the session's
   * CSRF token on every POST, so these forms are protected exactly like the others.
   */
  readonly page: (handler: (req: WebRequest, session: Session) => Promise<WebResponse>) => Handler;
  /** Revokes a discarded connection's refresh token at Xero; without it, discarding only drops it here. */
  readonly revoke?: RevokeAtXero;
}

export function mountPendingConnections(router: Router, deps: PendingConsoleDeps): void {
  const show = async (session: Session, status = 200, notice = '') =>
    consolePage(
      status,
      TITLE,
      `${notice}${pendingBody(await deps.store.pendingConnections.list(), session.csrf)}`,
      {
        csrf: session.csrf,
      },
    );

  const decide = (verb: 'confirm' | 'discard') =>
    deps.page(async (req, session) => {
      const customer = formOf(req.body).get('customer') ?? '';
      const decision =
        verb === 'confirm'
          ? () => confirmPending(deps.store, customer, DECIDED_IN)
          : () => discardPending(deps.store, customer, DECIDED_IN, deps.revoke);
      const decided = customer ? await decision() : { ok: false as const };
      if (!decided.ok) {
        // Another agent decided first, or the form was stale: say so and show what is left.
        return show(session, 409, notice(SAY.nothingWaitingFor(customer), 'error'));
      }
      const p = decided.pending;
      deps.log.info(`pending connection ${verb === 'confirm' ? 'confirmed' : 'discarded'} in the console`, {
        customer: p.customerKey,
        tenant: p.tenantId,
      });
      const said =
        verb === 'confirm'
          ? SAY.confirmed(p.customerKey, describeSide(p), describeSide(p.replaces))
          : SAY.discarded(p.replaces.customerKey, describeSide(p.replaces));
      const revocation = decided.revocation;
      if (revocation?.kind === 'failed')
        deps.log.warn('could not revoke a discarded connection at Xero', {
          customer: p.customerKey,
          error: revocation.error,
        });
      const atXero = revocation ? revocationNotice(revocation) : '';
      return show(session, 200, `${notice(said)}${atXero}`);
    });

  router
    .get(
      PENDING_PATH,
      deps.page(async (_req, session) => show(session)),
    )
    .post(`${PENDING_PATH}/confirm`, decide('confirm'))
    .post(`${PENDING_PATH}/discard`, decide('discard'));
}

/** What Xero was told about a discarded connection's tokens, said to the agent. */
function revocationNotice(revocation: Revocation): string {
  switch (revocation.kind) {
    case 'revoked':
      return notice(SAY.revoked);
    case 'kept-for-live':
      return notice(SAY.keptForLive(revocation.liveCustomer));
    case 'failed':
      return notice(SAY.revokeFailed(revocation.error), 'error');
    case 'no-refresh-token':
      return '';
  }
}

const notice = (text: string, kind: 'ok' | 'error' = 'ok') =>
  `<p class="card${kind === 'error' ? ' error' : ''}" role="status">${escapeHtml(text)}</p>`;

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function pendingBody(pending: readonly PendingConnectionSummary[], csrf: string): string {
  const intro = `<p class="muted">${escapeHtml(SAY.intro)}</p>`;
  if (!pending.length) return `${intro}<p class="muted">${escapeHtml(SAY.nothingWaiting)}</p>`;
  const button = (action: 'confirm' | 'discard', customer: string, label: string) =>
    `<form class="inline" method="post" action="${PENDING_PATH}/${action}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="customer" value="${escapeHtml(customer)}"><button type="submit">${label}</button></form>`;
  const rows = pending
    .map((p) => {
      const under =
        p.replaces.customerKey === p.customerKey
          ? ''
          : ` <span class="muted">${escapeHtml(SAY.storedUnder(p.replaces.customerKey))}</span>`;
      return `<tr><td>${escapeHtml(p.customerKey)}</td><td>${escapeHtml(describeSide(p.replaces))}${under}</td>
<td>${escapeHtml(describeSide(p))}</td><td class="muted">${escapeHtml(when(p.receivedAt))}</td>
<td>${button('confirm', p.customerKey, SAY.useNew)} ${button('discard', p.customerKey, SAY.keepStored)}</td></tr>`;
    })
    .join('\n');
  const col = SAY.columns;
  return `${intro}<table><thead><tr><th>${col.customer}</th><th>${col.storedNow}</th><th>${col.sent}</th><th>${col.received}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}
