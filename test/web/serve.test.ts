import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
import { type FakeXero, startFakeXero } from '../support/fake-xero/server.js';
import { newKey } from '../support/stores.js';

const BIN = fileURLToPath(new URL('../../bin/xerofix.js', import.meta.url));
let fake: FakeXero;
let dir: string;

beforeAll(async () => {
  fake = await startFakeXero();
  dir = mkdtempSync(join(tmpdir(), 'xerofix-serve-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xerofix serve', () => {
  it('serves the connect routes, runs the keeper, and stops cleanly on SIGTERM', async () => {
    const secret = fake.state.addApp('CLIENT-SERVE-1');
    const key = newKey();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
        XEROFIX_SECRET_KEY: key,
        XERO_CLIENT_ID: 'CLIENT-SERVE-1',
        XERO_CLIENT_SECRET: secret,
        XERO_IDENTITY_URL: fake.url,
        XERO_API_URL: fake.url,
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        output += d;
        for (const line of output.split('\n')) {
          if (!line.includes('xerofix is serving')) continue;
          const entry = JSON.parse(line) as { message: string; url: string; level: string; time: number };
          expect(entry.level).toBe('info');
          expect(typeof entry.time).toBe('number');
          resolve(entry.url);
        }
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    expect((await fetch(`${url}/xero/connect?invite=nonsense`)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('keeper pass finished');
    expectNoSecrets([output], [secret, key]);
  });
});
