import { escapeHtml } from '../reply/escape-html.js';
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
const TITLE = 'Pending connections';

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
        return show(
          session,
          409,
          notice(`Nothing is waiting for ${customer || 'that customer'} any more.`, 'error'),
        );
      }
      const p = decided.pending;
      deps.log.info(`pending connection ${verb === 'confirm' ? 'confirmed' : 'discarded'} in the console`, {
        customer: p.customerKey,
        tenant: p.tenantId,
      });
      const said =
        verb === 'confirm'
          ? `Confirmed: ${p.customerKey} now uses ${describeSide(p)}, replacing ${describeSide(p.replaces)}.`
          : `Discarded: ${p.replaces.customerKey} keeps ${describeSide(p.replaces)}.`;
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
      return notice('Its tokens were revoked at Xero, so they cannot be used any more.');
    case 'kept-for-live':
      return notice(
        `Its tokens were not revoked at Xero: the same Xero user and app also connect ${revocation.liveCustomer}, and revoking would cut that connection off too.`,
      );
    case 'failed':
      return notice(
        `Xero could not be told to revoke its tokens (${revocation.error}). They stay valid at Xero until they lapse after 60 days unused, or the customer removes the app in Xero's Connected Apps.`,
        'error',
      );
    case 'no-refresh-token':
      return '';
  }
}

const notice = (text: string, kind: 'ok' | 'error' = 'ok') =>
  `<p class="card${kind === 'error' ? ' error' : ''}" role="status">${escapeHtml(text)}</p>`;

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function pendingBody(pending: readonly PendingConnectionSummary[], csrf: string): string {
  const intro =
    '<p class="muted">These arrived through a connect link and would replace the connection stored for the customer. Check with the customer that the new organisation is right before confirming.</p>';
  if (!pending.length) return `${intro}<p class="muted">Nothing is waiting.</p>`;
  const button = (action: 'confirm' | 'discard', customer: string, label: string) =>
    `<form class="inline" method="post" action="${PENDING_PATH}/${action}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="customer" value="${escapeHtml(customer)}"><button type="submit">${label}</button></form>`;
  const rows = pending
    .map((p) => {
      const under =
        p.replaces.customerKey === p.customerKey
          ? ''
          : ` <span class="muted">(stored under ${escapeHtml(p.replaces.customerKey)})</span>`;
      return `<tr><td>${escapeHtml(p.customerKey)}</td><td>${escapeHtml(describeSide(p.replaces))}${under}</td>
<td>${escapeHtml(describeSide(p))}</td><td class="muted">${escapeHtml(when(p.receivedAt))}</td>
<td>${button('confirm', p.customerKey, 'Use the new one')} ${button('discard', p.customerKey, 'Keep the stored one')}</td></tr>`;
    })
    .join('\n');
  return `${intro}<table><thead><tr><th>Customer</th><th>Stored now</th><th>Sent through the link</th><th>Received</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}
