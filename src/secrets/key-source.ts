import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretKeyError } from './errors.js';
import { HOW_TO_GENERATE, type KeyRing, parseKeyRing } from './key-ring.js';
import type { Logger } from './log.js';

export interface KeySourceOptions {
  /** XEROFIX_SECRET_KEY, if set. */
  readonly configured: string | undefined;
  /**
   * Where to keep a generated key when none is configured; only given for the embedded
   * SQLite store. A shared database (PostgreSQL) needs every instance to hold the same key,
   * so generating one there would silently split the fleet.
   */
  readonly generatedKeyFile: string | undefined;
  readonly log: Logger;
}

/** Finds the key ring: the setting wins; else a key file beside the embedded database. */
export function loadKeyRing(options: KeySourceOptions): KeyRing {
  if (options.configured) return parseKeyRing(options.configured);
  const file = options.generatedKeyFile;
  if (!file) {
    throw new SecretKeyError(
      `XEROFIX_SECRET_KEY is required with a shared database: every instance must use the same key. ${HOW_TO_GENERATE}`,
    );
  }
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) options.log.warn('secret key file is readable by others; tightening to 0600', { file });
    if (mode & 0o077) chmodSync(file, 0o600);
    return parseKeyRing(readFileSync(file, 'utf8').trim(), file);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // 'wx' fails if another process created it first, so two first starts cannot disagree.
  writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  options.log.info('generated a secret key for stored tokens; back it up, or set XEROFIX_SECRET_KEY', {
    file,
  });
  return parseKeyRing(readFileSync(file, 'utf8').trim(), file);
}
