import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/capture-log.js';
import { shippedIndex } from '../support/knowledge.js';
import { type CliResult, runCli } from '../support/run-cli.js';
import { newKey } from '../support/stores.js';

// --json means stdout is exactly one JSON document, whatever happened: JSON.parse of the whole
// of stdout is the assertion. Failures are {"error": "…"} with the command's usual exit code.

const dir = mkdtempSync(join(tmpdir(), 'xerofix-json-'));
const key = newKey();
const store = { DATABASE_URL: `sqlite:${join(dir, 'db', 'x.db')}`, XEROFIX_SECRET_KEY: key };
const seen: string[] = [];
afterAll(() => {
  expectNoSecrets(seen, [key]);
  rmSync(dir, { recursive: true, force: true });
});

const PAYLOAD_401 = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

async function json(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r: CliResult = await runCli(args, options);
  seen.push(r.stdout, r.stderr);
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(
      `"xerofix ${args.join(' ')}" printed something that is not one JSON document:\n${r.stdout}`,
    );
  }
  return { ...r, json: parsed as Record<string, unknown> & unknown[] };
}

describe('every --json output is one JSON document', () => {
  it('diagnose --json, from an argument, from stdin, when it abstains, and for the example', async () => {
    const [arg, stdin, abstain, example] = await Promise.all([
      json(['diagnose', '--json', PAYLOAD_401]),
      json(['diagnose', '--json'], { input: PAYLOAD_401 }),
      json([
        'diagnose',
        '--json',
        '{"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"Account code 200 is not a valid code for this document."}]}]}',
      ]),
      json(['diagnose', '--example', '--json', '--full']),
    ]);
    expect([arg.code, arg.json.entry]).toEqual([0, 'xero-401-unauthorized']);
    expect(stdin.json.entry).toBe('xero-401-unauthorized');
    expect([abstain.code, abstain.json.entry]).toEqual([0, null]);
    expect(example.json.entry).toBe('xero-401-unauthorized');
  });

  it('kb list --json lists the shipped entries', async () => {
    const r = await json(['kb', 'list', '--json']);
    expect(r.code).toBe(0);
    expect((r.json as { id: string }[]).map((e) => e.id)).toEqual(shippedIndex().entries.map((e) => e.id));
    expect(r.json[0]).toMatchObject({ title: expect.any(String), provider: 'xero' });
  });

  it('kb lint --json says the shipped knowledge base is valid', async () => {
    const r = await json(['kb', 'lint', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ valid: true, errors: 0, findings: expect.any(Array) });
  });

  it('connections list --json and probe --json against a real store', async () => {
    const listed = await json(['connections', 'list', '--json'], { env: store });
    expect([listed.code, listed.json]).toEqual([0, []]);
    const probed = await json(['probe', 'nobody@example.com', '--json'], { env: store });
    expect(probed.code).toBe(0);
    expect(probed.json).toMatchObject({ customer: 'nobody@example.com', verdict: 'not-connected' });
  });
});

describe('a --json command that fails still prints one JSON document, with its usual exit code', () => {
  it('a configuration problem: exit 78 and {"error"}', async () => {
    const r = await json(['probe', 'shop@example.com', '--json'], {
      env: { ...store, XEROFIX_SECRET_KEY: 'not-a-key' },
    });
    expect(r.code).toBe(78);
    expect(r.json).toEqual({ error: expect.stringMatching(/not 32 bytes of base64/) });
    expect(r.stderr).toMatch(/^xerofix: .*not 32 bytes of base64/);
  });

  it('a usage mistake: exit 2 and {"error"}, the usage on stderr', async () => {
    const r = await json(['kb', 'list', '--json', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ error: 'unknown option "--frobnicate"' });
    expect(r.stderr).toMatch(/^Usage: xerofix kb list /m);
    const extra = await json(['connections', 'list', '--json', 'surplus'], { env: store });
    expect([extra.code, Object.keys(extra.json)]).toEqual([2, ['error']]);
  });

  it('an empty paste: exit 2 and {"error"}', async () => {
    const r = await json(['diagnose', '--json'], { input: '  \n' });
    expect(r.code).toBe(2);
    expect(r.json).toEqual({ error: expect.stringMatching(/^nothing to diagnose/) });
  });

  it('a broken knowledge base: kb lint --json exits 1 with {"error"} naming the problem', async () => {
    const kb = join(dir, 'broken-kb');
    mkdirSync(kb);
    writeFileSync(
      join(kb, 'broken.md'),
      '---\ntitle: T\nprovider: xero\nentries:\n  - id: x\n    title: X\n    match: {}\n---\n## x\n### What it means\nm\n',
    );
    const r = await json(['kb', 'lint', '--json'], { env: { KNOWLEDGE_DIR: kb } });
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ error: expect.stringMatching(/knowledge base has problems:[\s\S]*broken\.md/) });
  });

  it('"--json" after "--" is paste text, not the option', async () => {
    const r = await runCli(['diagnose', '--', '--json', PAYLOAD_401]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^The Xero connection has dropped/);
  });
});
