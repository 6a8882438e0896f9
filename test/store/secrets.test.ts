import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretCipher } from '../../src/secrets/cipher.js';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { loadKeyRing } from '../../src/secrets/key-source.js';
import { redact } from '../../src/secrets/redact.js';
import { Secret } from '../../src/secrets/secret.js';
import { captureLog } from '../support/capture-log.js';
import { newKey } from '../support/stores.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xerofix-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('secret cipher', () => {
  const cipher = new SecretCipher(parseKeyRing(newKey()));

  it('seals with AES-256-GCM under the current key id and opens in the same context', () => {
    const sealed = cipher.seal('refresh-token-value', 'connection:1:token_set');
    expect(sealed.split('.').slice(0, 2)).toEqual(['v1', cipher.currentKeyId]);
    expect(sealed).not.toContain('refresh-token-value');
    expect(cipher.open(sealed, 'connection:1:token_set')).toBe('refresh-token-value');
  });

  it('refuses a value moved to another row or altered', () => {
    const sealed = cipher.seal('value', 'connection:1:token_set');
    expect(() => cipher.open(sealed, 'connection:2:token_set')).toThrow(/integrity check/);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => cipher.open(tampered, 'connection:1:token_set')).toThrow(/integrity check/);
  });

  it('names the missing key id when the ring lacks the sealing key', () => {
    const sealed = cipher.seal('value', 'c');
    const other = new SecretCipher(parseKeyRing(newKey()));
    expect(() => other.open(sealed, 'c')).toThrow(new RegExp(`key id ${cipher.currentKeyId}`));
  });
});

describe('key ring setting', () => {
  it('rejects keys that are not 32 bytes of base64, explaining how to make one', () => {
    expect(() => parseKeyRing('c2hvcnQ=')).toThrow(/not 32 bytes.*randomBytes\(32\)/);
    expect(() => parseKeyRing(' , ')).toThrow(/empty/);
  });
});

describe('key source', () => {
  it('generates a key once into the data folder with 0600 permissions and logs that it did', () => {
    const { log, lines } = captureLog();
    const file = join(tempDir(), 'data', 'secret.key');
    const first = loadKeyRing({ configured: undefined, generatedKeyFile: file, log });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toMatch(/generated a secret key/);
    const again = loadKeyRing({ configured: undefined, generatedKeyFile: file, log });
    expect(again.current.id).toBe(first.current.id);
    expect(lines.join('')).not.toContain(readFileSync(file, 'utf8').trim());
  });

  it('prefers XEROFIX_SECRET_KEY and requires it for a shared database', () => {
    const { log } = captureLog();
    const key = newKey();
    expect(loadKeyRing({ configured: key, generatedKeyFile: undefined, log }).current.id).toBe(
      parseKeyRing(key).current.id,
    );
    expect(() => loadKeyRing({ configured: undefined, generatedKeyFile: undefined, log })).toThrow(
      /XEROFIX_SECRET_KEY is required with a shared database/,
    );
  });
});

describe('secret values', () => {
  it('print as [secret] however they are logged', () => {
    const s = new Secret('hunter2-token');
    expect(`${s}`).toBe('[secret]');
    expect(JSON.stringify({ s })).toBe('{"s":"[secret]"}');
    expect(inspect({ s })).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2-token');
  });
});

describe('redaction', () => {
  it('masks authorization values, JWTs and token fields', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const text = `Authorization: Bearer abcdefghijkl ${jwt} refresh_token=0123456789abcdef "client_secret":"s3cr3tvalue"`;
    const out = redact(text);
    expect(out).not.toMatch(/abcdefghijkl|eyJhbGci|0123456789abcdef|s3cr3tvalue/);
    expect(out).toContain('Bearer [redacted]');
  });

  it('masks one-time codes and invites in URLs but keeps error codes readable', () => {
    const out = redact('GET /xero/callback?code=abc123def&state=zzz999 {"code":"invalid-grant"}');
    expect(out).toBe('GET /xero/callback?code=[redacted]&state=[redacted] {"code":"invalid-grant"}');
  });
});
