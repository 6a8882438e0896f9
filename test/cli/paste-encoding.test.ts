import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { checkPaste, decodePaste } from '../../src/cli/paste-input.js';

// A French support agent's terminal (or an old log file) writes Windows-1252, not UTF-8.
const PASTE_401 =
  'Connexion refusée par Xero: {"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

/** The real CLI entry point in-process, so the test runs this tree's code, not dist/. */
async function cli(args: string[], input: Buffer) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdin: Readable.from([input]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { LOG_LEVEL: 'silent' },
    cwd: resolve('.'),
  });
  return { code, stdout, stderr };
}

describe('pastes that are not UTF-8', () => {
  it('diagnoses a paste with one Latin-1 byte (0xE9 for é) instead of calling it binary', async () => {
    const latin1 = Buffer.from(PASTE_401, 'latin1');
    expect(latin1.includes(0xe9)).toBe(true);
    const r = await cli(['diagnose', '--json'], latin1);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entry).toBe('xero-401-unauthorized');
  });

  it('gives the same answer as --batch gives for the same bytes', async () => {
    const line = Buffer.concat([
      Buffer.from('{"id":1,"text":"'),
      Buffer.from(PASTE_401.replaceAll('"', '\\"'), 'latin1'),
      Buffer.from('"}\n'),
    ]);
    const batch = await cli(['diagnose', '--batch'], line);
    const single = await cli(['diagnose', '--json'], Buffer.from(PASTE_401, 'latin1'));
    expect(batch.code).toBe(0);
    expect(single.code).toBe(0);
    expect(JSON.parse(single.stdout).entry).toBe(JSON.parse(batch.stdout).entry);
  });

  it('reads bytes that are not valid UTF-8 as Windows-1252, curly quotes and euro sign included', () => {
    const bytes = Buffer.from([0x93, 0x41, 0x94, 0x20, 0xe9, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x81]);
    expect(decodePaste(bytes)).toBe('\u201cA\u201d \u00e9 \u20ac5 \u2013 \u0081');
  });

  it('keeps valid UTF-8 as UTF-8, dropping a byte-order mark', () => {
    expect(decodePaste(Buffer.from('\ufeffrefusée €', 'utf8'))).toBe('refusée €');
  });

  it('reads a UTF-16 file saved with a byte-order mark (Notepad "Unicode")', async () => {
    const le = Buffer.from(`\ufeff${PASTE_401}`, 'utf16le');
    expect(checkPaste(le).text).toBe(PASTE_401);
    const be = Buffer.from(`\ufeff${PASTE_401}`, 'utf16le').swap16();
    expect(checkPaste(be).text).toBe(PASTE_401);
    const r = await cli(['diagnose', '--json'], le);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entry).toBe('xero-401-unauthorized');
  });

  it('still refuses real binary, saying why: NUL bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(() => checkPaste(png)).toThrow(/looks like binary data, not text \(it contains NUL bytes\)/);
    const r = await cli(['diagnose'], png);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^xerofix: input looks like binary data/);
  });

  it('still refuses real binary, saying why: mostly control characters', () => {
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(() => checkPaste(controls)).toThrow(/binary data, not text \(more than a tenth of it is control/);
  });

  it('accepts the control characters of real text: a test run pasted with its terminal colours', async () => {
    const run = Buffer.from(
      `${'\u001b[32m\u2713\u001b[0m ok\n'.repeat(40)}\u001b[31m\u2717\u001b[0m\t${PASTE_401}\f\r\n`,
    );
    const r = await cli(['diagnose', '--json'], run);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).entry).toBe('xero-401-unauthorized');
  });
});
