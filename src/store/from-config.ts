import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreConfig } from '../config.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { type KeyFileSystem, loadKeyRing } from '../secrets/key-source.js';
import { secureDataFolder } from './data-folder.js';
import { dataFolderOf, parseDatabaseUrl } from './dialect.js';
import { explainFileError } from './errors.js';
import { whileSqliteNeverKeyed } from './key-check.js';
import { openStore, type Store } from './store.js';

type StoreSettings = Pick<StoreConfig, 'databaseUrl'> &
  Partial<Pick<StoreConfig, 'secretKey' | 'sqliteSynchronous'>>;

/**
 * The key ring as the settings describe it; a generated key lives beside an embedded database,
 * whose folder is made owner-only first. File problems come back as one sentence that names the
 * path and the fix (StoreFileError).
 */
export function keyRingFromConfig(
  config: StoreSettings,
  cwd: string,
  log: Logger,
  keyFiles?: KeyFileSystem,
): KeyRing {
  const location = parseDatabaseUrl(config.databaseUrl, cwd);
  const folder = dataFolderOf(location);
  if (location.kind !== 'sqlite' || !folder) {
    return loadKeyRing({ configured: config.secretKey, generatedKeyFile: undefined, log });
  }
  secureDataFolder(location.path, log);
  const file = join(folder, 'secret.key');
  const action = existsSync(file) ? 'use the secret key file' : 'write the secret key file';
  try {
    return loadKeyRing({
      configured: config.secretKey,
      generatedKeyFile: file,
      log,
      whileNeverKeyed: (body) => {
        try {
          return whileSqliteNeverKeyed(location.path, body);
        } catch (err) {
          // The database's own failures name the database; the key file's are explained below.
          throw isSqliteError(err)
            ? explainFileError(err, { path: location.path, action: 'open the database' })
            : err;
        }
      },
      ...(keyFiles ? { fs: keyFiles } : {}),
    });
  } catch (err) {
    throw explainFileError(err, { path: file, action });
  }
}

export async function openStoreFromConfig(
  config: StoreSettings,
  options: { cwd: string; log: Logger; clock?: Clock; keyRing?: KeyRing },
): Promise<Store> {
  const parsed = parseDatabaseUrl(config.databaseUrl, options.cwd);
  const location =
    parsed.kind === 'sqlite' && config.sqliteSynchronous
      ? { ...parsed, synchronous: config.sqliteSynchronous }
      : parsed;
  const keyRing = options.keyRing ?? keyRingFromConfig(config, options.cwd, options.log);
  return openStore({
    location,
    keyRing,
    log: options.log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

function isSqliteError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
