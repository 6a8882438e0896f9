import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { KeyFileSystem } from '../../src/secrets/key-source.js';
import { explainFileError, StoreFileError } from '../../src/store/errors.js';
import { keyRingFromConfig, openStoreFromConfig } from '../../src/store/from-config.js';
import type { Store } from '../../src/store/store.js';
import { captureLog } from '../support/capture-log.js';
import { newKey } from '../support/stores.js';

// Real folders, files and SQLite throughout. Root ignores file modes, so faults come from things
// that fail for root too (a file where a folder belongs, a folder where the database belongs, a
// dangling link, a sticky shared folder), from a real small disk where mounting is allowed, and
// from an injected write for a disk that fills in the middle of the key.

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xerofix-files-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

async function open(dir: string, extra: { XEROFIX_SECRET_KEY?: string } = {}) {
  const { log, lines } = captureLog();
  const store = await openStoreFromConfig(
    { databaseUrl: 'sqlite:./data/xerofix.db', secretKey: extra.XEROFIX_SECRET_KEY },
    { cwd: dir, log },
  );
  cleanups.push(() => store.close());
  return { store, lines };
}

/** The real CLI entry point in-process, so the test runs this tree's code, not dist/. */
async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { LOG_LEVEL: 'silent', ...env },
    cwd: resolve('.'),
  });
  return { code, stdout, stderr };
}

/** One plain paragraph on stderr and a non-zero exit: what a person sees when start-up fails. */
function expectPlainFailure(r: { code: number; stderr: string }, ...mentions: (string | RegExp)[]) {
  expect(r.code).not.toBe(0);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const m of mentions) expect(r.stderr).toMatch(m);
}

/** A tmpfs of `size` at `dir`, when this machine lets the test mount one (root, no sandbox). */
function mountTmpfs(dir: string, options: string): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'it needs root on Linux';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return `mount is not allowed here (${(err as Error).message.split('\n')[0]})`;
  }
  cleanups.push(() => {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  });
  return undefined;
}

/** Writes until the disk is full, for real. */
function fillDisk(dir: string): void {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = fs.openSync(join(dir, 'filler'), 'w');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

describe('data folder and files are owner-only', () => {
  it('tightens a data folder that already exists at 0755 to 0700 and logs a warning naming it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    chmodSync(join(dir, 'data'), 0o755);
    const { lines } = await open(dir);
    expect(modeOf(join(dir, 'data'))).toBe(0o700);
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.level === 'warn' && l.folder);
    expect(warning).toMatchObject({ folder: join(dir, 'data'), was: '0755' });
    expect(warning.message).toMatch(/owner-only/);
  });

  it('creates the database, its -wal and -shm and the key 0600, whatever the umask allows', async () => {
    const dir = tempDir();
    const before = process.umask(0o022);
    cleanups.push(() => void process.umask(before));
    await open(dir);
    const data = join(dir, 'data');
    // The -wal and -shm exist while the store is open; that is when they must be private.
    expect(readdirSync(data).sort()).toEqual(
      expect.arrayContaining(['secret.key', 'xerofix.db', 'xerofix.db-shm', 'xerofix.db-wal']),
    );
    for (const name of readdirSync(data)) expect([name, modeOf(join(data, name))]).toEqual([name, 0o600]);
    expect(modeOf(data)).toBe(0o700);
  });

  it('tightens a world-readable database, -wal and -shm left by an older version, with a warning for each', async () => {
    const dir = tempDir();
    const first = await open(dir);
    await first.store.close();
    const data = join(dir, 'data');
    for (const name of ['xerofix.db', 'xerofix.db-wal', 'xerofix.db-shm']) {
      if (!fs.existsSync(join(data, name))) writeFileSync(join(data, name), '');
      chmodSync(join(data, name), 0o644);
    }
    const { lines } = await open(dir);
    for (const name of ['xerofix.db', 'xerofix.db-wal', 'xerofix.db-shm']) {
      expect(modeOf(join(data, name))).toBe(0o600);
      expect(lines.join('\n')).toContain(JSON.stringify(join(data, name)));
    }
  });

  it('refuses a database directly in a shared sticky folder like /tmp, leaving that folder as it was', async () => {
    const shared = tempDir();
    chmodSync(shared, 0o1777);
    const { log } = captureLog();
    const opening = openStoreFromConfig(
      { databaseUrl: `sqlite:${join(shared, 'x.db')}`, secretKey: newKey() },
      { cwd: shared, log },
    );
    await expect(opening).rejects.toThrow(StoreFileError);
    await expect(opening).rejects.toThrow(/shared with every user.*a folder of its own/);
    expect(modeOf(shared)).toBe(0o1777);
  });
});

describe('the key file is written atomically', () => {
  /** Node's fs, except that the disk fills up after `room` bytes of writes. */
  function fillingDisk(room: number): KeyFileSystem {
    let written = 0;
    return {
      ...fs,
      // The key writer always passes (fd, buffer, offset, length).
      writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
        const fits = Math.min(length, room - written);
        if (fits <= 0) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        written += fits;
        return fs.writeSync(fd, buffer, offset, fits);
      }) as unknown as typeof fs.writeSync,
    };
  }

  it('leaves no key file, empty or partial, when the disk fills while writing it, and starts once there is room', () => {
    const dir = tempDir();
    const { log } = captureLog();
    const settings = { databaseUrl: 'sqlite:./data/x.db', secretKey: undefined };
    let failure: unknown;
    try {
      keyRingFromConfig(settings, dir, log, fillingDisk(10));
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(StoreFileError);
    const message = (failure as Error).message;
    expect(message).toContain(join(dir, 'data', 'secret.key'));
    expect(message).toMatch(/the disk is full\. Free space on the disk that holds/);
    expect(readdirSync(join(dir, 'data')).filter((n) => n.includes('secret.key'))).toEqual([]);

    const ring = keyRingFromConfig(settings, dir, log);
    expect(readFileSync(join(dir, 'data', 'secret.key'), 'utf8').trim()).toHaveLength(44);
    expect(ring.current.id).toBeTruthy();
  });

  it('writes the key under a temporary name in the same folder, flushes it, and only then names it', () => {
    const dir = tempDir();
    const calls: string[] = [];
    const real: KeyFileSystem = { ...fs };
    const record =
      <K extends keyof KeyFileSystem>(name: K) =>
      (...args: Parameters<KeyFileSystem[K]>) => {
        const path = typeof args[0] === 'string' ? args[0] : '';
        calls.push(`${name} ${path.replace(dir, '<dir>')}`.trim());
        return (real[name] as (...a: unknown[]) => unknown)(...args);
      };
    const recording = {
      ...fs,
      openSync: record('openSync'),
      writeSync: record('writeSync'),
      fsyncSync: record('fsyncSync'),
      closeSync: record('closeSync'),
      linkSync: record('linkSync'),
      renameSync: record('renameSync'),
      unlinkSync: record('unlinkSync'),
    } as unknown as KeyFileSystem;
    keyRingFromConfig(
      { databaseUrl: 'sqlite:./data/x.db', secretKey: undefined },
      dir,
      captureLog().log,
      recording,
    );
    const opened = calls.findIndex((c) => /^openSync <dir>\/data\/\.secret\.key\..*\.tmp$/.test(c));
    const flushed = calls.indexOf('fsyncSync', opened);
    const named = calls.findIndex((c) =>
      /^(linkSync|renameSync) <dir>\/data\/\.secret\.key\..*\.tmp$/.test(c),
    );
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(calls.slice(opened + 1, flushed).every((c) => c === 'writeSync')).toBe(true);
    expect(flushed).toBeGreaterThan(opened + 1);
    expect(named).toBeGreaterThan(flushed);
    expect(readdirSync(join(dir, 'data')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an empty key file left by an older version when the database was never used with a key', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'), { mode: 0o700 });
    writeFileSync(join(dir, 'data', 'secret.key'), '', { mode: 0o600 });
    writeFileSync(join(dir, 'data', 'xerofix.db'), '', { mode: 0o600 });
    const { store, lines } = await open(dir);
    await store.checkWritable();
    expect(readFileSync(join(dir, 'data', 'secret.key'), 'utf8').trim()).toHaveLength(44);
    expect(modeOf(join(dir, 'data', 'secret.key'))).toBe(0o600);
    expect(lines.join('\n')).toMatch(/secret key file was empty/);
  });

  it('refuses an empty key file once the database holds secrets, naming the file and what to do, and keeps it', async () => {
    const dir = tempDir();
    const first = await open(dir);
    await first.store.close();
    const keyFile = join(dir, 'data', 'secret.key');
    writeFileSync(keyFile, '');
    const { log } = captureLog();
    const opening = openStoreFromConfig({ databaseUrl: 'sqlite:./data/xerofix.db' }, { cwd: dir, log });
    await expect(opening).rejects.toThrow(
      new RegExp(`${keyFile.replaceAll('.', '\\.')} is empty, but the database beside it was already used`),
    );
    await expect(opening).rejects.toThrow(/Restore secret\.key from a backup, or set XEROFIX_SECRET_KEY/);
    // Never replaced: a new key would make the stored tokens unreadable for good.
    expect(readFileSync(keyFile, 'utf8')).toBe('');
  });
});

describe('start-up errors name the path and the fix', () => {
  it('says which part of the path is a file where a folder must be, as one plain paragraph', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), 'not a folder');
    const r = await cli(['connections', 'list'], { DATABASE_URL: `sqlite:${join(dir, 'data', 'x.db')}` });
    expectPlainFailure(
      r,
      `${join(dir, 'data')} is a file, but xerofix needs a folder there`,
      /Move that file away/,
    );
  });

  it('names the database path when SQLite is unable to open the database file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x.db'));
    const r = await cli(['connections', 'list'], {
      DATABASE_URL: `sqlite:${join(dir, 'x.db')}`,
      XEROFIX_SECRET_KEY: newKey(),
    });
    expectPlainFailure(
      r,
      `Cannot open the database ${join(dir, 'x.db')}`,
      /is a folder, but it must be a file/,
    );
  });

  it('reports a data folder that links to a missing volume as missing, with its target', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'volume-not-mounted', 'data'), join(dir, 'data'));
    const r = await cli(['serve'], {
      DATABASE_URL: `sqlite:${join(dir, 'data', 'x.db')}`,
      KNOWLEDGE_DIR: resolve('knowledge'),
      PORT: '0',
    });
    expectPlainFailure(
      r,
      `${join(dir, 'volume-not-mounted', 'data')}, which does not exist`,
      /Mount or create/,
    );
  });

  it('explains permission problems with who should own the folder', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/x/data'"), {
      code: 'EACCES',
    });
    const explained = explainFileError(denied, { path: '/srv/x/data', action: 'create the data folder' });
    expect(explained).toBeInstanceOf(StoreFileError);
    expect((explained as Error).message).toBe(
      'Cannot create the data folder /srv/x/data: permission denied. Run xerofix as the user that owns /srv/x, or give the user running xerofix that folder and its files (chown -R), then start xerofix again.',
    );
  });

  it('explains a folder the user may not enter, for real, when not running as root', async (ctx) => {
    if (process.getuid?.() === 0) return ctx.skip('root may enter any folder');
    const dir = tempDir();
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);
    cleanups.push(() => chmodSync(join(dir, 'locked'), 0o700));
    const r = await cli(['connections', 'list'], {
      DATABASE_URL: `sqlite:${join(dir, 'locked', 'data', 'x.db')}`,
    });
    expectPlainFailure(r, /permission denied/, join(dir, 'locked'));
  });

  it('on a real full disk: one paragraph naming the key file and the fix, and no empty key left behind', async (ctx) => {
    const disk = tempDir();
    const why = mountTmpfs(disk, 'size=4m');
    if (why) return ctx.skip(`no real full disk: ${why}`);
    mkdirSync(join(disk, 'data'), { mode: 0o700 });
    fillDisk(disk);
    const env = { DATABASE_URL: `sqlite:${join(disk, 'data', 'x.db')}` };
    const r = await cli(['connections', 'list'], env);
    expectPlainFailure(
      r,
      `Cannot write the secret key file ${join(disk, 'data', 'secret.key')}: the disk is full`,
    );
    expect(fs.existsSync(join(disk, 'data', 'secret.key'))).toBe(false);

    rmSync(join(disk, 'filler'));
    const again = await cli(['connections', 'list'], env);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  });

  it('on a real read-only disk: says read-only, not that a folder is missing', async (ctx) => {
    const disk = tempDir();
    const why = mountTmpfs(disk, 'ro,size=64k');
    if (why) return ctx.skip(`no real read-only disk: ${why}`);
    const r = await cli(['connections', 'list'], { DATABASE_URL: `sqlite:${join(disk, 'data', 'x.db')}` });
    expectPlainFailure(
      r,
      `Cannot create the data folder ${join(disk, 'data')}: the file system is read-only`,
    );
    expect(r.stderr).not.toMatch(/ENOENT/);
  });

  it('on a real full disk with the key configured: names the database file', async (ctx) => {
    const disk = tempDir();
    const why = mountTmpfs(disk, 'size=64k');
    if (why) return ctx.skip(`no real full disk: ${why}`);
    fillDisk(disk);
    const { log } = captureLog();
    let store: Store | undefined;
    const opening = openStoreFromConfig(
      { databaseUrl: `sqlite:${join(disk, 'x', 'x.db')}`, secretKey: newKey() },
      { cwd: disk, log },
    ).then((s) => {
      store = s;
      return s;
    });
    await expect(opening).rejects.toThrow(
      new RegExp(`^Cannot (open|create) the database( file)? ${join(disk, 'x', 'x.db')}: the disk is full`),
    );
    await store?.close();
  });
});
