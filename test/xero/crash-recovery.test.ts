import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
import { startHarness, type XeroHarness } from '../support/xero-harness.js';

const CHILD = fileURLToPath(new URL('../support/refresh-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/src/xero/token-refresher.js', import.meta.url));
const MINUTE = 60_000;
let h: XeroHarness;
const childOutput: string[] = [];

beforeEach(async () => {
  if (!existsSync(BUILT)) throw new Error('dist/ is missing: run "npm run build" (npm test does this) first');
  h = await startHarness();
});
afterEach(async () => {
  expectNoSecrets([...childOutput, ...h.logLines], h.fake.state.issued);
  await h.close();
});

/** Starts the child refresh and SIGKILLs it as soon as Xero has answered. */
function refreshAndKill(customer: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(
      CHILD,
      [join(h.dir, 'x.db'), h.key, h.fake.url, customer, String(h.now - Date.now())],
      {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    let said = '';
    child.stdout?.on('data', (d) => childOutput.push(String(d)));
    child.stderr?.on('data', (d) => childOutput.push(String(d)));
    child.on('message', (m) => {
      said = String(m);
      if (said === 'xero-answered') child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(`${said}/${signal ?? 'exited'}`));
  });
}

describe('a crash between Xero rotating the refresh token and the store write', () => {
  it('is recovered inside the grace period without the customer reconnecting', async () => {
    await h.connect('crash.example');
    const before = await h.store.connections.findByCustomer('crash.example');
    const lostWith = before?.tokenSet.reveal().refresh_token ?? '';
    h.advance(29 * MINUTE);

    expect(await refreshAndKill('crash.example')).toBe('xero-answered/SIGKILL');
    // Xero rotated the token, but the store still holds the old one.
    const afterCrash = await h.store.connections.findByCustomer('crash.example');
    expect(afterCrash?.tokenSet.reveal().refresh_token).toBe(lostWith);
    expect(h.fake.state.refreshTokens.get(lostWith)?.rotatedAt).toBeDefined();

    // The restarted process: the dead one's lease has lapsed, the access token has expired.
    h.advance(2 * MINUTE);
    const recovered = await h.probe('crash.example');
    expect(recovered.code).toBe('healthy');
    const now = await h.store.connections.findByCustomer('crash.example');
    expect(now?.tokenSet.reveal().refresh_token).not.toBe(lostWith);

    // Well past the grace, the chain the store now holds keeps working.
    h.advance(45 * MINUTE);
    expect((await h.probe('crash.example')).code).toBe('healthy');
  });

  it('would be lost after the grace period, which is why the keeper runs well inside it', async () => {
    await h.connect('late.example');
    h.advance(29 * MINUTE);
    expect(await refreshAndKill('late.example')).toBe('xero-answered/SIGKILL');
    h.advance(31 * MINUTE);
    expect((await h.probe('late.example')).code).toBe('refresh-token-invalid');
  });
});
