import type { KnowledgeConfig, StoreConfig, XeroConfig } from '../config.js';
import { type EntryForVerdict, entryForVerdict } from '../core/verdict-codes.js';
import { readEntries } from '../knowledge/load.js';
import { knowledgeDirOf } from '../knowledge/source-files.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import type { KeyRing } from '../secrets/key-ring.js';
import { StoreConfigError } from '../store/errors.js';
import { keyRingFromConfig, openStoreFromConfig } from '../store/from-config.js';
import type { Store } from '../store/store.js';
import { createXeroNodeGateway, type XeroGateway } from '../xero/gateway.js';
import { TokenRefresher } from '../xero/token-refresher.js';
import type { ProbeDeps } from './probe.js';

/** What the probe, keeper and connect flow run on, built once from the settings. */
export interface LiveServices extends ProbeDeps {
  readonly keyRing: KeyRing;
  readonly entryFor: EntryForVerdict;
  close(): Promise<void>;
}

export async function openLiveServices(
  config: { readonly knowledge: KnowledgeConfig; readonly store: StoreConfig; readonly xero: XeroConfig },
  options: {
    cwd: string;
    log: Logger;
    clock?: Clock;
    gateway?: XeroGateway;
    /** The confirmations of the knowledge already loaded; read from KNOWLEDGE_DIR's articles when absent. */
    entryFor?: EntryForVerdict;
  },
): Promise<LiveServices> {
  const entryFor =
    options.entryFor ?? entryForVerdict(readEntries(knowledgeDirOf(config.knowledge.dir, options.cwd)));
  const clock = options.clock ?? systemClock;
  const keyRing = keyRingFromConfig(config.store, options.cwd, options.log);
  const store: Store = await openStoreFromConfig(config.store, {
    cwd: options.cwd,
    log: options.log,
    clock,
    keyRing,
  });
  const gateway =
    options.gateway ??
    createXeroNodeGateway({
      identityUrl: config.xero.identityUrl,
      apiUrl: config.xero.apiUrl,
      timeoutMs: config.xero.timeoutMs,
    });
  const refresher = new TokenRefresher({ connections: store.connections, gateway, clock, log: options.log });
  return {
    keyRing,
    store,
    gateway,
    refresher,
    clock,
    log: options.log,
    entryFor,
    close: () => store.close(),
  };
}

/** Start-up problems the operator must fix (key, database URL), as one clear sentence; else undefined. */
export function startupProblem(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const operatorErrors = ['SecretKeyError', 'StoreConfigError'];
  if (err instanceof StoreConfigError || operatorErrors.includes(err.name)) return err.message;
  if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(err.message)) {
    return `Cannot open the database named by DATABASE_URL: ${err.message.split('\n')[0]}`;
  }
  return undefined;
}
