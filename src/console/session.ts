import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Staff sessions for the console as signed cookies, so any instance behind a load balancer
// accepts them: the cookie is "payload.signature" under a key derived from XEROFIX_SECRET_KEY
// and ADMIN_TOKEN (changing either ends every session). Sign-out is recorded in the store. The CSRF token is a second MAC of the same session, so a form is only
// accepted with the token from a page that session was shown.

export const SESSION_COOKIE = 'xerofix_console';
export const SESSION_MS = 12 * 60 * 60_000;

interface Payload {
  readonly exp: number;
  readonly nonce: string;
}

export interface Session {
  readonly nonce: string;
  readonly csrf: string;
}

export interface SessionCodec {
  issue(): { cookie: string; session: Session };
  read(cookie: string | undefined): Session | undefined;
  csrfMatches(session: Session, submitted: string | null | undefined): boolean;
}

const sameBytes = (a: string, b: string) => {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
};

export function createSessionCodec(key: Buffer, clock: () => number): SessionCodec {
  const mac = (label: string, text: string) =>
    createHmac('sha256', key).update(`${label}:${text}`).digest('base64url');
  const sessionOf = (nonce: string): Session => ({ nonce, csrf: mac('csrf', nonce) });
  return {
    issue() {
      const payload: Payload = { exp: clock() + SESSION_MS, nonce: randomBytes(16).toString('base64url') };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return { cookie: `${body}.${mac('session', body)}`, session: sessionOf(payload.nonce) };
    },
    read(cookie) {
      const [body, signature] = (cookie ?? '').split('.');
      if (!body || !signature || !sameBytes(signature, mac('session', body))) return undefined;
      try {
        const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Payload;
        return typeof payload.nonce === 'string' && payload.exp > clock()
          ? sessionOf(payload.nonce)
          : undefined;
      } catch {
        return undefined;
      }
    },
    csrfMatches: (session, submitted) => typeof submitted === 'string' && sameBytes(submitted, session.csrf),
  };
}

/** Compares a submitted admin token with the configured one without leaking its length or content by timing. */
export const adminTokenMatches = (submitted: string, expected: string) => sameBytes(submitted, expected);

export function sessionCookie(value: string, secure: boolean, maxAgeSeconds = SESSION_MS / 1000): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
