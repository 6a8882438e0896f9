import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { Secret } from '../../src/secrets/secret.js';
import { type RunningXerofix, type StartOptions, startXerofix } from '../../src/server/start.js';
import { captureLog } from './capture-log.js';
import { type FakeXero, startFakeXero } from './fake-xero/server.js';
import { newKey } from './stores.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = `xoxb-${'1234567890'}-test-bot-token`;
export const XERO_CLIENT = 'CLIENTID0000000000000000000000001';

export interface ServerUnderTest {
  readonly running: RunningXerofix;
  readonly url: string;
  /** The server's data folder (its SQLite file, generated key and console token). */
  readonly dir: string;
  readonly xero: FakeXero;
  readonly logLines: string[];
  readonly secrets: string[];
  /** Stores a working Xero connection for the customer (its tenant answers per `mode`). */
  connect(customer: string): Promise<void>;
  close(): Promise<void>;
}

/** The real server process in-process: its own SQLite file, the shipped knowledge, a fake Xero. */
export async function startServerUnderTest(
  env: Record<string, string | undefined> = {},
  /** The surfaces to run instead of the registered ones (a test adds its own). */
  options: Pick<StartOptions, 'surfaces'> = {},
): Promise<ServerUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'xerofix-server-'));
  const xero = await startFakeXero();
  const clientSecret = xero.state.addApp(XERO_CLIENT);
  xero.state.addTenant('tenant-acme', 'Acme Ltd');
  const key = newKey();
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
    XEROFIX_SECRET_KEY: key,
    KNOWLEDGE_DIR: resolve('knowledge'),
    KEEPER_INTERVAL_SECONDS: '0',
    XERO_IDENTITY_URL: xero.url,
    XERO_API_URL: xero.url,
    XERO_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const { log, lines } = captureLog();
  const running = await startXerofix(config, {
    cwd: dir,
    log,
    port: 0,
    host: '127.0.0.1',
    alertDrainMs: 100,
    ...options,
  });
  return {
    running,
    url: running.url,
    dir,
    xero,
    logLines: lines,
    secrets: [
      key,
      clientSecret,
      ...Object.values(env).filter((v): v is string => !!v && /secret|xox|key/i.test(v)),
    ],
    async connect(customer) {
      const { tokens } = xero.state.createGrant(
        XERO_CLIENT,
        ['tenant-acme'],
        ['openid', 'accounting.settings.read', 'offline_access'],
      );
      await running.services.store.connections.save({
        customerKey: customer,
        tenantId: 'tenant-acme',
        tenantName: 'Acme Ltd',
        clientId: XERO_CLIENT,
        clientSecret: new Secret(clientSecret),
        tokenSet: new Secret({ ...tokens, expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in }),
        ownership: 'owned',
      });
    },
    async close() {
      await running.close();
      await xero.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
