import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../secrets/log.js';
import { parseDatabaseUrl } from '../store/dialect.js';

/**
 * The token staff sign in with. ADMIN_TOKEN wins. On the embedded SQLite store a newcomer
 * with no settings still gets a working console: a token is generated into the data folder
 * (0600, beside the generated secret key) and the log names the file, never the token. On a
 * shared database every instance must agree, so there the console stays off until it is set.
 */
export function resolveAdminToken(
  settings: { ADMIN_TOKEN?: string | undefined; DATABASE_URL: string },
  cwd: string,
  log: Logger,
): string | undefined {
  if (settings.ADMIN_TOKEN) return settings.ADMIN_TOKEN;
  const location = parseDatabaseUrl(settings.DATABASE_URL, cwd);
  if (location.kind !== 'sqlite' || location.path === ':memory:') return undefined;
  const file = join(dirname(location.path), 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  log.info('web console: sign in with the token in this file, or set ADMIN_TOKEN', { file });
  return readFileSync(file, 'utf8').trim();
}
