import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../secrets/key-ring.js';

// A connect invite is a signed, expiring statement "this link connects customer X". The
// signing key is derived from the data key, so no extra secret has to be configured, and
// rotating the data key retires old invites with it. Each invite carries a random nonce, so
// the connect flow can let each one be used once (it records a hash of it, never the link).

export interface InvitePayload {
  readonly customer: string;
  readonly expiresAt: number; // epoch ms
}

export interface VerifiedInvite extends InvitePayload {
  /** Names this one invite (a hash of its customer and nonce): what its single use is recorded under. */
  readonly id: string;
}

/** The longest an invite may live; a record of its use is useless after that. */
export const MAX_INVITE_DAYS = 30;

const signingKey = (bytes: Buffer) =>
  Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), 'xerofix connect invite', 32));

export function signInvite(ring: KeyRing, payload: InvitePayload): string {
  const body = Buffer.from(
    JSON.stringify({
      c: payload.customer,
      e: payload.expiresAt,
      k: ring.current.id,
      n: randomBytes(16).toString('hex'),
    }),
  ).toString('base64url');
  return `${body}.${mac(signingKey(ring.current.bytes), body)}`;
}

export type InviteCheck =
  | { ok: true; invite: VerifiedInvite }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifyInvite(ring: KeyRing, token: string, now: number): InviteCheck {
  const [body, signature] = token.split('.');
  if (!body || !signature) return { ok: false, reason: 'malformed' };
  let data: { c?: unknown; e?: unknown; k?: unknown; n?: unknown };
  try {
    data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = typeof data.k === 'string' ? ring.find(data.k) : undefined;
  if (!key || typeof data.c !== 'string' || typeof data.e !== 'number' || typeof data.n !== 'string')
    return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(mac(signingKey(key.bytes), body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad-signature' };
  if (data.e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, invite: { customer: data.c, expiresAt: data.e, id: inviteId(data.c, data.n) } };
}

const inviteId = (customer: string, nonce: string) =>
  createHash('sha256').update(`xerofix invite\0${customer}\0${nonce}`).digest('base64url');

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');
