import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { writeFileAtomically } from '../secrets/atomic-file.js';
import { parseDatabaseUrl } from '../store/dialect.js';
import { explainFileError } from '../store/errors.js';

/**
 * The token staff sign in with. ADMIN_TOKEN wins. On the embedded SQLite store a newcomer
 * with no settings still gets a working console: a token is generated into the data folder
 * (0600, beside the generated secret key) and the log names the file, never the token. On a
 * shared database every instance must agree, so there the console stays off until it is set.
 */
export function resolveAdminToken(
  settings: { readonly adminToken?: string | undefined; readonly databaseUrl: string },
  cwd: string,
  log: Logger,
): string | undefined {
  if (settings.adminToken) return settings.adminToken;
  const location = parseDatabaseUrl(settings.databaseUrl, cwd);
  if (location.kind !== 'sqlite' || location.path === ':memory:') return undefined;
  const file = join(dirname(location.path), 'admin-token');
  try {
    // Written whole or not at all (a full disk must not leave an empty token that silently
    // keeps the console off); if another process wrote it first, theirs is kept.
    if (!existsSync(file))
      writeFileAtomically(file, `${randomBytes(24).toString('hex')}\n`, { existing: 'keep' });
    const token = readFileSync(file, 'utf8').trim();
    log.info('web console: sign in with the token in this file, or set ADMIN_TOKEN', { file });
    return token || undefined;
  } catch (err) {
    throw explainFileError(err, { path: file, action: 'write the console token file' });
  }
}
