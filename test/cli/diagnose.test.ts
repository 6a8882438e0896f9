import { describe, expect, it } from 'vitest';
import { shippedIndex } from '../support/knowledge.js';
import { runCli } from '../support/run-cli.js';

/** A Xero error no article answers, whatever articles ship: a rejected invoice. */
const VALIDATION_ERROR =
  '{"Type":"ValidationException","Message":"A validation exception occurred","Elements":[{"ValidationErrors":[{"Message":"Account code 200 is not a valid code for this document."}]}]}';

const PAYLOAD_401 = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';

describe('xerofix diagnose', () => {
  it('prints the reconnect steps for a 401 paste given as an argument', async () => {
    const r = await runCli(['diagnose', PAYLOAD_401]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/How to fix it:\n {2}1\. Open the plugin's Xero settings and press Authorise/);
    expect(r.stdout).toMatch(/Confidence \d+%/);
    expect(r.stderr).toBe('');
  });

  it('reads the paste from standard input when no text is given', async () => {
    const r = await runCli(['diagnose', '--json'], { input: PAYLOAD_401 });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.entry).toBe('xero-401-unauthorized');
    expect(json.confidence).toBeGreaterThan(0.5);
    expect(json.evidence.length).toBeGreaterThan(0);
  });

  it('prints entry null and the reason when it abstains', async () => {
    const r = await runCli(['diagnose', '--json', VALIDATION_ERROR]);
    const json = JSON.parse(r.stdout);
    expect(json.entry).toBeNull();
    expect(json.reason).toBe('not-covered');
    expect(r.code).toBe(0);
  });

  it('rejects empty input with a message and a non-zero exit, no stack trace', async () => {
    const r = await runCli(['diagnose'], { input: '   \n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^xerofix: nothing to diagnose/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('rejects binary input', async () => {
    const r = await runCli(['diagnose'], {
      input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/binary/);
  });

  it('diagnoses the first 64 KB of an oversized paste and warns', async () => {
    const big = `${PAYLOAD_401}\n${'log line without meaning\n'.repeat(4000)}`;
    const r = await runCli(['diagnose', '--json'], { input: big });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: input is \d+ KB; only its first 64 KB were diagnosed/);
    expect(JSON.parse(r.stdout).entry).toBe('xero-401-unauthorized');
  });

  it('rejects an unknown option with usage', async () => {
    const r = await runCli(['diagnose', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: xerofix diagnose/);
  });
});

describe('xerofix diagnose --batch', () => {
  it('answers one line per input line, in order, and reports a malformed line by number', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: PAYLOAD_401 }),
      '{not json',
      JSON.stringify({ id: 7, text: VALIDATION_ERROR }),
      '',
      JSON.stringify({
        id: 'c',
        text: 'Sorry, something went wrong. Error code: 500 Error: unauthorized_client : Invalid redirect_uri',
      }),
    ].join('\n');
    const r = await runCli(['diagnose', '--batch'], { input });
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 7, 'c']);
    expect(lines.map((l) => l.entry)).toEqual([
      'xero-401-unauthorized',
      null,
      null,
      'xero-500-cannot-connect',
    ]);
    expect(lines[1].error).toBe('line 2: not valid JSON');
    expect(r.stderr).toMatch(/line 2: not valid JSON/);
    expect(r.code).toBe(1);
  });

  it('requires a string text field', async () => {
    const r = await runCli(['diagnose', '--batch'], { input: '{"id":1,"text":42}\n' });
    expect(r.stderr).toMatch(/line 1: "text" must be a string/);
    expect(r.code).toBe(1);
  });
});

describe('xerofix kb and usage', () => {
  it('lists the shipped entries', async () => {
    const r = await runCli(['kb', 'list']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(shippedIndex().entries.map((e) => e.id));
  });

  it('lints the shipped knowledge base clean', async () => {
    const r = await runCli(['kb', 'lint']);
    expect(r.stdout).toMatch(/knowledge base is valid/);
    expect(r.code).toBe(0);
  });

  it('fails kb lint with the file and problem when an article is broken', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'xerofix-kb-'));
    writeFileSync(
      join(dir, 'broken.md'),
      '---\ntitle: T\nprovider: xero\nentries:\n  - id: x\n    title: X\n    match: {}\n---\n## x\n### What it means\nm\n### Likely causes\n- c\n',
    );
    const r = await runCli(['kb', 'lint'], { env: { KNOWLEDGE_DIR: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.md:9: entry x: .*How to fix it/);
  });

  it('names an unknown command and shows usage', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('xerofix help and version', () => {
  it('answers --help for every command with its usage and exit 0, running nothing', async () => {
    for (const command of ['diagnose', 'kb', 'connections', 'probe', 'ticket', 'slack', 'serve']) {
      const r = await runCli([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toMatch(new RegExp(`^Usage: xerofix ${command}\\b`));
      expect(r.stderr, command).toBe('');
    }
  });

  it('prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^xerofix \d+\.\d+\.\d+\n$/);
  });

  it('gives the fix first and the rest with --full, and keeps --example --json one JSON document', async () => {
    const short = await runCli(['diagnose', PAYLOAD_401]);
    const full = await runCli(['diagnose', '--full', PAYLOAD_401]);
    expect(short.stdout).not.toContain('Likely causes:');
    expect(short.stdout).toContain('add --full');
    expect(full.stdout).toContain('Likely causes:');
    const example = await runCli(['diagnose', '--example', '--json']);
    expect(JSON.parse(example.stdout).entry).toBe('xero-401-unauthorized');
  });
});
