import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliLogger } from '../../src/cli/log.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, logFormatFor } from '../../src/runtime/logger.js';
import { expectNoSecrets } from '../support/capture-log.js';
import { newKey } from '../support/stores.js';
import { runInProcess } from './in-process.js';

// People read a terminal, programs read everything else: readable lines when stderr is a TTY,
// JSON lines otherwise, and the credential redactor on every line in both.

const dir = mkdtempSync(join(tmpdir(), 'xerofix-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const SECRETS = ['s3cr3t-CLIENT-value-0001', 'abcdefghij0123456789', JWT, 'xoxb-123456789012-abcdefghijkl'];

function pretty() {
  const lines: string[] = [];
  return { log: createLogger('debug', (line) => lines.push(line), { format: 'pretty' }), lines };
}

describe('the pretty format', () => {
  it('is one readable line: time, level, message, then the fields', () => {
    const { log, lines } = pretty();
    log.info('probe finished', { customer: 'ops@acme.example', verdict: 'healthy', ms: 12, shared: false });
    log.warn('tightened the data folder', { path: '/srv/xero fix/data' });
    expect(lines).toEqual([
      expect.stringMatching(
        /^\d\d:\d\d:\d\d INFO {2}probe finished customer=ops@acme\.example verdict=healthy ms=12 shared=false\n$/,
      ),
      expect.stringMatching(
        /^\d\d:\d\d:\d\d WARN {2}tightened the data folder path="\/srv\/xero fix\/data"\n$/,
      ),
    ]);
  });

  it('still redacts a credential in any field or in the message', () => {
    const { log, lines } = pretty();
    log.error('refresh failed', { client_secret: SECRETS[0], header: `Bearer ${SECRETS[1]}`, token: JWT });
    log.warn(`slack said no to ${SECRETS[3]}`, { body: `refresh_token=${SECRETS[1]}&x=1` });
    expectNoSecrets(lines, SECRETS);
    expect(lines[0]).toContain('client_secret=[redacted]');
    expect(lines[0]).toContain('header="Bearer [redacted]"');
    expect(lines[0]).toContain('token=[redacted-jwt]');
    expect(lines[1]).toContain('[redacted-slack-token]');
  });

  it('keeps an entry on one line when a message or field holds a newline', () => {
    const { log, lines } = pretty();
    log.error('upstream said:\nERROR forged entry', { detail: 'two\nlines' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.trimEnd()).not.toContain('\n');
    expect(lines[0]).toContain('upstream said:\\nERROR forged entry detail="two\\nlines"');
  });

  it('is chosen for a terminal only', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json');
  });
});

describe('the CLI and server loggers', () => {
  const config = loadConfig({});
  const on = (isTTY: boolean, env: NodeJS.ProcessEnv = {}) => {
    const written: string[] = [];
    const io = {
      stdin: process.stdin,
      stdout: { write: () => true },
      stderr: { write: (s: string) => written.push(s), isTTY },
      env,
      cwd: dir,
    };
    return { io, written };
  };

  it('server: pretty on a terminal, JSON lines (level, time, message) otherwise, at LOG_LEVEL', () => {
    const tty = on(true);
    cliLogger(tty.io, config, 'server').info('xerofix is serving', { url: 'http://127.0.0.1:3000' });
    expect(tty.written).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d INFO {2}xerofix is serving url=http:\/\/127\.0\.0\.1:3000\n$/),
    ]);
    const pipe = on(false);
    cliLogger(pipe.io, config, 'server').info('xerofix is serving', { url: 'http://127.0.0.1:3000' });
    expect(JSON.parse(pipe.written[0] ?? '')).toMatchObject({
      level: 'info',
      time: expect.any(Number),
      message: 'xerofix is serving',
      url: 'http://127.0.0.1:3000',
    });
  });

  it('a one-shot command logs only warnings and errors unless LOG_LEVEL is set', () => {
    const quiet = on(true);
    const log = cliLogger(quiet.io, config);
    log.info('probe finished', { customer: 'a' });
    log.warn('tightened the data folder');
    expect(quiet.written).toEqual([expect.stringMatching(/WARN {2}tightened the data folder\n$/)]);
    const asked = on(true, { LOG_LEVEL: 'info' });
    cliLogger(asked.io, loadConfig(asked.io.env)).info('probe finished', { customer: 'a' });
    expect(asked.written).toEqual([expect.stringMatching(/INFO {2}probe finished customer=a\n$/)]);
  });
});

describe('xerofix on a terminal', () => {
  const key = newKey();
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: `sqlite:${join(dir, 'db', 'x.db')}`,
    XEROFIX_SECRET_KEY: key,
    ...extra,
  });

  it('does not print "probe finished" on every probe', async () => {
    const r = await runInProcess(['probe', 'nobody@example.com'], { env: env(), stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nobody@example\.com: not-connected/);
    expect(r.stderr).toBe('');
  });

  it('prints log lines a person can read when LOG_LEVEL asks for them, and JSON lines into a pipe', async () => {
    const args = ['probe', 'nobody@example.com'];
    const tty = await runInProcess(args, { env: env({ LOG_LEVEL: 'info' }), stderrIsTTY: true });
    expect(tty.stderr).toMatch(/^\d\d:\d\d:\d\d INFO {2}probe finished customer=nobody@example\.com /m);
    expect(tty.stderr).not.toMatch(/^\{/m);
    const pipe = await runInProcess(args, { env: env({ LOG_LEVEL: 'info' }), stderrIsTTY: false });
    const entries = pipe.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string });
    expect(entries.map((e) => e.message)).toContain('probe finished');
  });
});
