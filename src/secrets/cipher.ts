import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretKeyError } from './errors.js';
import type { KeyRing } from './key-ring.js';

// Sealed format: v1.<key id>.<iv>.<tag>.<ciphertext>, base64url parts. The key id lets a
// rotated ring find the key that sealed old rows; the version lets the format change later.
const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * AES-256-GCM sealing of stored secrets. `context` is bound into the ciphertext as
 * associated data (e.g. "connection:<id>:token_set"), so a sealed value copied into another
 * row or column fails to open instead of silently working.
 */
export class SecretCipher {
  constructor(private readonly ring: KeyRing) {}

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  seal(plaintext: string, context: string): string {
    const key = this.ring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, key.id, ...parts].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || body === undefined) {
      throw new SecretKeyError(`A stored secret (${context}) is not in a format this version can read.`);
    }
    const key = this.ring.find(keyId);
    if (!key) {
      throw new SecretKeyError(
        `Stored secrets were sealed with key id ${keyId}, which is not in XEROFIX_SECRET_KEY ` +
          `(configured: ${this.ring.current.id}). Set the key they were sealed with, or list it after the new one.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return plain.toString('utf8');
    } catch {
      throw new SecretKeyError(
        `A stored secret (${context}) failed its integrity check under key id ${keyId}: it was altered or moved.`,
      );
    }
  }

  /** True when the value was sealed with an older key and should be re-sealed on next write. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.ring.current.id;
  }

  /** The same plaintext sealed again under the current key (after a key rotation). */
  reseal(sealed: string, context: string): string {
    return this.seal(this.open(sealed, context), context);
  }
}
