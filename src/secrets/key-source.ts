import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import { type AtomicFileSystem, writeFileAtomically } from './atomic-file.js';
import { SecretKeyError } from './errors.js';
import { HOW_TO_GENERATE, type KeyRing, parseKeyRing } from './key-ring.js';

/** The file calls the key file needs; tests hand in one whose disk fills up. */
export type KeyFileSystem = AtomicFileSystem;

export interface KeySourceOptions {
  /** XEROFIX_SECRET_KEY, if set. */
  readonly configured: string | undefined;
  /**
   * Where to keep a generated key when none is configured; only given for the embedded
   * SQLite store. A shared database (PostgreSQL) needs every instance to hold the same key,
   * so generating one there would silently split the fleet.
   */
  readonly generatedKeyFile: string | undefined;
  /** Only warnings; secrets sit below the logger (which redacts with them), so this is structural. */
  readonly log: { warn(message: string, fields?: Record<string, unknown>): void };
  /**
   * Runs `body` only if the database has never been used with any key (then nothing sealed can
   * be lost by making a new one), holding off other starts meanwhile; else returns undefined.
   * Without it an empty key file is never replaced.
   */
  readonly whileNeverKeyed?: <T>(body: () => T) => T | undefined;
  readonly fs?: KeyFileSystem;
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
  const fs = options.fs ?? nodeFs;
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) options.log.warn('secret key file is readable by others; tightening to 0600', { file });
    if (mode & 0o077) fs.chmodSync(file, 0o600);
    const text = fs.readFileSync(file, 'utf8').trim();
    return parseKeyRing(text || replaceEmptyKeyFile(file, fs, options), file);
  }
  fs.mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const generated = newKeyText();
  // No-clobber: when two first starts race, the one that names the file first wins and the
  // other uses its key, so both seal with the same one.
  if (writeFileAtomically(file, generated, { fs, existing: 'keep' })) {
    options.log.warn('generated a secret key for stored tokens; back it up, or set XEROFIX_SECRET_KEY', {
      file,
    });
  }
  return parseKeyRing(fs.readFileSync(file, 'utf8').trim(), file);
}

/**
 * Versions before atomic writes could leave an empty key file after a full disk, and then
 * refused every start. It is safe to replace only if nothing was ever sealed with a key.
 */
function replaceEmptyKeyFile(file: string, fs: KeyFileSystem, options: KeySourceOptions): string {
  const replaced = options.whileNeverKeyed?.(() => {
    // Another start may have replaced it while this one waited for the lock: use that key.
    const now = fs.readFileSync(file, 'utf8').trim();
    if (now) return now;
    const generated = newKeyText();
    writeFileAtomically(file, generated, { fs, existing: 'replace' });
    options.log.warn('the secret key file was empty and nothing was sealed yet; generated a new key', {
      file,
    });
    return generated.trim();
  });
  if (replaced !== undefined) return replaced;
  throw new SecretKeyError(
    `The secret key file ${file} is empty, but the database beside it was already used with a key, ` +
      'so its stored tokens can only be opened with that key. Restore secret.key from a backup, or set ' +
      'XEROFIX_SECRET_KEY to the key; only if that key is lost for good, move the database away and reconnect every customer.',
  );
}

function newKeyText(): string {
  return `${randomBytes(32).toString('base64')}\n`;
}
