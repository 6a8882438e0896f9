import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { loadKeyRing } from '../secrets/key-source.js';
import type { Logger } from '../secrets/log.js';
import { parseDatabaseUrl, type StoreLocation } from './dialect.js';
import { openStore, type Store } from './store.js';
import type { Clock } from './types.js';

type StoreSettings = Pick<Config, 'DATABASE_URL' | 'XEROFIX_SECRET_KEY'>;

/** The key ring as the settings describe it; a generated key lives beside an embedded database. */
export function keyRingFromConfig(config: StoreSettings, cwd: string, log: Logger): KeyRing {
  const location = parseDatabaseUrl(config.DATABASE_URL, cwd);
  return loadKeyRing({
    configured: config.XEROFIX_SECRET_KEY,
    generatedKeyFile: generatedKeyFile(location),
    log,
  });
}

export async function openStoreFromConfig(
  config: StoreSettings,
  options: { cwd: string; log: Logger; clock?: Clock; keyRing?: KeyRing },
): Promise<Store> {
  const location = parseDatabaseUrl(config.DATABASE_URL, options.cwd);
  const keyRing = options.keyRing ?? keyRingFromConfig(config, options.cwd, options.log);
  return openStore({ location, keyRing, ...(options.clock ? { clock: options.clock } : {}) });
}

function generatedKeyFile(location: StoreLocation): string | undefined {
  if (location.kind !== 'sqlite' || location.path === ':memory:') return undefined;
  return join(dirname(location.path), 'secret.key');
}
