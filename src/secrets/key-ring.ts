import { createHash } from 'node:crypto';
import { SecretKeyError } from './errors.js';

export interface DataKey {
  /** Short fingerprint stored beside each ciphertext, so old data names the key it needs. */
  readonly id: string;
  readonly bytes: Buffer;
}

/** The key new secrets are sealed with, plus older keys still accepted for opening. */
export interface KeyRing {
  readonly current: DataKey;
  find(id: string): DataKey | undefined;
}

const KEY_BYTES = 32;

/** A key id reveals nothing about the key: a truncated hash under a fixed label. */
export function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update('xerofix-key-id\0').update(bytes).digest('hex').slice(0, 12);
}

/**
 * Parses `XEROFIX_SECRET_KEY`: one or more base64 keys separated by commas. The first seals
 * new data; the rest only open old data, which is how a key is rotated without downtime.
 */
export function parseKeyRing(setting: string, source = 'XEROFIX_SECRET_KEY'): KeyRing {
  const parts = setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new SecretKeyError(`${source} is empty. ${HOW_TO_GENERATE}`);
  const keys = parts.map((part, i) => {
    const bytes = Buffer.from(part, 'base64');
    if (
      bytes.length !== KEY_BYTES ||
      bytes.toString('base64').replace(/=+$/, '') !== part.replace(/=+$/, '')
    ) {
      throw new SecretKeyError(
        `${source}: key ${i + 1} is not ${KEY_BYTES} bytes of base64 (got ${bytes.length} bytes). ${HOW_TO_GENERATE}`,
      );
    }
    return { id: keyIdOf(bytes), bytes };
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  return { current: keys[0] as DataKey, find: (id) => byId.get(id) };
}

export const HOW_TO_GENERATE =
  "Generate one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"";
