import { createHash } from 'node:crypto';
import type { Desk } from '../answer/desk.js';
import { escapeHtml } from '../reply/escape-html.js';
import { SIGN_IN } from '../reply/wording-console.js';
import type { Logger } from '../runtime/logger.js';
import type { RevokeAtXero } from '../store/pending-connections.js';
import type { Store } from '../store/store.js';
import type { Router, Throttle, WebRequest, WebResponse } from '../web/router.js';
import { consolePage, formOf, redirect } from './layout.js';
import { mountPages } from './page-routes.js';
import { mountPendingConnections } from './pending-connections.js';
import {
  adminTokenMatches,
  createSessionCodec,
  SESSION_COOKIE,
  SESSION_MS,
  type Session,
  sessionCookie,
} from './session.js';

export interface ConsoleDeps {
  readonly desk: Desk;
  readonly store: Store;
  /** Undefined: the console is off and says how to turn it on. */
  readonly adminToken: string | undefined;
  readonly sessionKey: Buffer;
  readonly publicUrl: string;
  readonly clock: () => number;
  readonly log: Logger;
  /** Revokes a discarded pending connection's refresh token at Xero (the gateway's revoke). */
  readonly revokeAtXero?: RevokeAtXero;
}

type Page = (req: WebRequest, session: Session) => Promise<WebResponse>;

const ENDED_PREFIX = 'console-session-ended:';
/** Where signing in (and the bare address) takes staff. */
const HOME = '/overview';

/** Wrong admin tokens allowed per client address before sign-in is refused for a while. */
const signinThrottle: Throttle = {
  windowMs: 15 * 60_000,
  limit: 10,
  countOnlyFailures: true,
  refused: (seconds) =>
    consolePage(
      429,
      SIGN_IN.title,
      `<p class="error">${escapeHtml(SIGN_IN.tooManyTries(Math.ceil(seconds / 60)))}</p>`,
    ),
};

/**
 * The staff console: /overview, /status, /lookup, /gaps behind a sign-in with ADMIN_TOKEN. Nothing about
 * a customer is served without a session, and every form carries the session's CSRF token.
 */
export function mountConsole(router: Router, deps: ConsoleDeps): void {
  const codec = createSessionCodec(deps.sessionKey, deps.clock);
  const secure = deps.publicUrl.startsWith('https:');
  const off = consolePage(503, SIGN_IN.offTitle, `<p>${escapeHtml(SIGN_IN.off)}</p>`);

  // Sessions are signed cookies any instance can check; signing out records the session as
  // ended in the store, so the cookie stops working on every instance, not just this one.
  const endedKey = (session: Session) =>
    `${ENDED_PREFIX}${createHash('sha256').update(session.nonce).digest('base64url')}`;
  const current = async (req: WebRequest) => {
    const session = codec.read(req.cookies[SESSION_COOKIE]);
    return session && !(await deps.store.claims.isClaimed(endedKey(session))) ? session : undefined;
  };

  const page = (handler: Page) => async (req: WebRequest) => {
    if (!deps.adminToken) return off;
    const session = await current(req);
    if (!session)
      return req.method === 'GET'
        ? redirect('/signin')
        : consolePage(403, SIGN_IN.signedOutTitle, `<p>${escapeHtml(SIGN_IN.signedOut)}</p>`);
    if (req.method === 'POST' && !codec.csrfMatches(session, formOf(req.body).get('csrf'))) {
      return consolePage(403, SIGN_IN.formExpiredTitle, `<p>${escapeHtml(SIGN_IN.formExpired)}</p>`, {
        csrf: session.csrf,
      });
    }
    return handler(req, session);
  };

  const signinForm = (error = '') =>
    `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}<form method="post" action="/signin"><p><label for="token">${SIGN_IN.tokenLabel}</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required size="40"></p><p><button type="submit">${SIGN_IN.submit}</button></p></form>`;

  router
    .get('/', async () => redirect(HOME))
    .get('/signin', async () => (deps.adminToken ? consolePage(200, SIGN_IN.title, signinForm()) : off))
    .post(
      '/signin',
      async (req) => {
        if (!deps.adminToken) return off;
        if (!adminTokenMatches(formOf(req.body).get('token') ?? '', deps.adminToken)) {
          deps.log.warn('console sign-in refused');
          return consolePage(401, SIGN_IN.title, signinForm(SIGN_IN.wrongToken));
        }
        const { cookie } = codec.issue();
        return redirect(HOME, { 'set-cookie': sessionCookie(cookie, secure) });
      },
      // Counted in the store: every instance on the database shares one count per client.
      { throttle: { ...signinThrottle, counts: deps.store.throttleCounts } },
    )
    .post(
      '/signout',
      page(async (_req, session) => {
        await deps.store.claims.claim(endedKey(session), 'console');
        // Ended sessions only matter until they would have expired anyway.
        await deps.store.claims.forgetOlderThan(ENDED_PREFIX, deps.clock() - SESSION_MS);
        return redirect('/signin', { 'set-cookie': sessionCookie('', secure, 0) });
      }),
    );
  mountPages(router, { desk: deps.desk, store: deps.store, clock: deps.clock, log: deps.log, page });
  mountPendingConnections(router, {
    store: deps.store,
    log: deps.log,
    page,
    ...(deps.revokeAtXero ? { revoke: deps.revokeAtXero } : {}),
  });
}
