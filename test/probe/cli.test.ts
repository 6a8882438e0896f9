import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { verifyInvite } from '../../src/web/invite.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { type FakeXero, startFakeXero } from '../support/fake-xero/server.js';
import { type CliResult, runCli } from '../support/run-cli.js';
import { newKey } from '../support/stores.js';

// The compiled CLI as an operator runs it, against the fake Xero (real clock).

const CLIENT = 'CLIENT-CLI-000000000000000000001';
let fake: FakeXero;
let dir: string;
let secret: string;
const key = newKey();
const seen: string[] = [];

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: `sqlite:${join(dir, 'db', 'x.db')}`,
  XEROFIX_SECRET_KEY: key,
  XERO_IDENTITY_URL: fake.url,
  XERO_API_URL: fake.url,
  XERO_TIMEOUT_MS: '1000',
  LOG_LEVEL: 'debug',
  PUBLIC_URL: 'https://help.example.com',
  ...extra,
});

async function cli(args: string[], extra?: Record<string, string>): Promise<CliResult> {
  const result = await runCli(args, { env: env(extra) });
  seen.push(result.stdout, result.stderr);
  return result;
}

function tokenFile(name: string, tenants: string[]): string {
  const { tokens } = fake.state.createGrant(CLIENT, tenants, [
    'openid',
    'accounting.settings.read',
    'offline_access',
  ]);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(tokens));
  return path;
}

const addArgs = (customer: string, file: string, extra: string[] = []) => [
  'connections',
  'add',
  '--customer',
  customer,
  '--tenant-id',
  'tenant-acme',
  '--client-id',
  CLIENT,
  '--client-secret',
  secret,
  '--token-file',
  file,
  ...extra,
];

beforeAll(async () => {
  fake = await startFakeXero();
  secret = fake.state.addApp(CLIENT);
  fake.state.addTenant('tenant-acme', 'Acme Ltd');
  dir = mkdtempSync(join(tmpdir(), 'xerofix-cli-'));
});
afterAll(async () => {
  expectNoSecrets(seen, [...fake.state.issued, key]);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('xerofix connections and probe', () => {
  it('adds a connection and lists it without secrets', async () => {
    const added = await cli(addArgs('Ops@Acme.example', tokenFile('acme', ['tenant-acme'])));
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Stored owned connection for ops@acme.example');
    const listed = await cli(['connections', 'list']);
    expect(listed.stdout).toMatch(/^ops@acme\.example\towned\ttenant-acme\tunchecked/m);
  });

  it('reads the client secret from a file, so it stays out of shell history, and the probe works with it', async () => {
    const secretFile = join(dir, 'client-secret.txt');
    writeFileSync(secretFile, `${secret}\n`);
    const args = addArgs('file@acme.example', tokenFile('file', ['tenant-acme'])).filter(
      (a) => a !== '--client-secret' && a !== secret,
    );
    const added = await cli([...args, '--client-secret-file', secretFile]);
    expect(added.code).toBe(0);
    const probed = await cli(['probe', 'file@acme.example', '--json']);
    expect(JSON.parse(probed.stdout).verdict).toBe('healthy');
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n');
    const refused = await cli([...args, '--client-secret-file', empty]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/client secret file .* is empty/);
    expect((await cli(['connections', 'remove', 'file@acme.example'])).code).toBe(0);
  });

  it('probes a customer and prints the verdict as JSON', async () => {
    const probed = await cli(['probe', 'ops@acme.example', '--json']);
    expect(probed.code).toBe(0);
    const out = JSON.parse(probed.stdout);
    expect(Object.keys(out).slice(0, 4)).toEqual(['customer', 'verdict', 'entry', 'checks']);
    expect(out).toMatchObject({ customer: 'ops@acme.example', verdict: 'healthy', entry: null });
    expect(out.checks.map((c: { name: string }) => c.name)).toEqual([
      'stored-connection',
      'access-token',
      'connections',
      'organisation',
    ]);
  });

  it('exits 0 with a broken verdict too, and explains it in text', async () => {
    await cli(addArgs('gone.example', tokenFile('gone', []), ['--shared']));
    const probed = await cli(['probe', 'gone.example']);
    expect(probed.code).toBe(0);
    expect(probed.stdout).toMatch(/^gone\.example: tenant-disconnected \(confirms xero-401-unauthorized\)/);
    const unknown = await cli(['probe', 'nobody.example', '--json']);
    expect([unknown.code, JSON.parse(unknown.stdout).verdict]).toEqual([0, 'not-connected']);
  });

  it('prints a signed connect link that expires', async () => {
    const invited = await cli(['connections', 'invite', 'ops@acme.example', '--days', '2'], {
      XERO_CLIENT_ID: CLIENT,
      XERO_CLIENT_SECRET: secret,
    });
    expect(invited.code).toBe(0);
    const link = new URL(invited.stdout.trim());
    expect(`${link.origin}${link.pathname}`).toBe('https://help.example.com/xero/connect');
    const check = verifyInvite(parseKeyRing(key), link.searchParams.get('invite') ?? '', Date.now());
    expect(check).toMatchObject({ ok: true, invite: { customer: 'ops@acme.example' } });
    expect(
      verifyInvite(parseKeyRing(key), link.searchParams.get('invite') ?? '', Date.now() + 3 * 86_400_000).ok,
    ).toBe(false);
  });

  it('removes a connection by customer', async () => {
    expect((await cli(['connections', 'remove', 'gone.example'])).code).toBe(0);
    const again = await cli(['connections', 'remove', 'gone.example']);
    expect([again.code, again.stderr]).toEqual([1, 'xerofix: no connection stored for gone.example\n']);
  });

  it('refuses a wrong key with one clear message and no stack', async () => {
    const wrong = await cli(['connections', 'list'], { XEROFIX_SECRET_KEY: newKey() });
    expect(wrong.code).toBe(78);
    expect(wrong.stderr).toMatch(/^xerofix: XEROFIX_SECRET_KEY does not open this database/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    const bad = await cli(['connections', 'list'], { XEROFIX_SECRET_KEY: 'not-a-key' });
    expect([bad.code, bad.stderr]).toEqual([78, expect.stringMatching(/not 32 bytes of base64/)]);
  });

  it('generates a key beside an embedded database on first use, and says so', async () => {
    const fresh = join(dir, 'fresh');
    const first = await cli(['connections', 'list'], {
      DATABASE_URL: `sqlite:${join(fresh, 'x.db')}`,
      XEROFIX_SECRET_KEY: '',
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('generated a secret key');
    expect(statSync(join(fresh, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('requires XEROFIX_SECRET_KEY for PostgreSQL', async () => {
    const pg = await cli(['connections', 'list'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x',
      XEROFIX_SECRET_KEY: '',
    });
    expect([pg.code, pg.stderr]).toEqual([
      78,
      expect.stringMatching(/XEROFIX_SECRET_KEY is required with a shared database/),
    ]);
  });

  it('rotates the key: re-seals with the new key, after which the old one can go', async () => {
    const rotated = newKey();
    const rekeyed = await cli(['connections', 'rekey'], { XEROFIX_SECRET_KEY: `${rotated},${key}` });
    expect([rekeyed.code, rekeyed.stdout]).toEqual([0, expect.stringMatching(/^Re-sealed 1 connection/)]);
    const listed = await cli(['probe', 'ops@acme.example', '--json'], { XEROFIX_SECRET_KEY: rotated });
    expect(JSON.parse(listed.stdout).verdict).toBe('healthy');
    seen.push(rotated);
  });

  it('explains bad usage', async () => {
    const res = await cli(['connections', 'add', '--customer', 'x']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('missing --tenant-id');
  });
});
