import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, shippedIndex } from '../support/knowledge.js';
import { runCli } from '../support/run-cli.js';

// The built index (knowledge/index.json, with the fitted model) is used only while it matches
// the files it was built from. A one-shot command refuses a stale or corrupt one with the command
// that rebuilds it, never silently answering from it.

const dir = mkdtempSync(join(tmpdir(), 'xerofix-kb-'));
cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
const env = { KNOWLEDGE_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'xerofix.db')}` };
const paste = '{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built knowledge index', () => {
  it('is built from the articles, classes and real examples, and then answers', async () => {
    const built = await runCli(['kb', 'build'], { env });
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(
      new RegExp(
        `built ${shippedIndex().entries.length} entries and a model of \\d+ classes from \\d+ examples \\(\\d+ real pastes\\)`,
      ),
    );
    const answer = await runCli(['diagnose', '--json', paste], { env });
    expect(JSON.parse(answer.stdout).entry).toBe('xero-401-unauthorized');
  });

  it('is refused once an example file changes, naming the command that rebuilds it', async () => {
    const file = join(dir, 'examples', 'xero-rate-limited.yml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}  - text: "HTTP 429 Too Many Requests from Xero"\n`);
    const r = await runCli(['diagnose', paste], { env });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/out of date.*kb build/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // The server rebuilds it at start instead (test/knowledge-stale-index.test.ts).
  });

  it('is refused when corrupt, and works again after kb build', async () => {
    writeFileSync(join(dir, 'index.json'), '{"version":1,"entries":');
    const corrupt = await runCli(['diagnose', paste], { env });
    expect(corrupt.code).toBe(78);
    expect(corrupt.stderr).toMatch(/corrupt.*kb build/);
    expect((await runCli(['kb', 'build', '--quiet'], { env })).code).toBe(0);
    expect((await runCli(['diagnose', paste], { env })).code).toBe(0);
  });

  it('refuses a broken shared file, naming the file and the line to fix', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'xerofix-kb-broken-'));
    try {
      cpSync(KNOWLEDGE_DIR, broken, { recursive: true });
      const brokenEnv = { ...env, KNOWLEDGE_DIR: broken };
      const vocabulary = join(broken, 'vocabulary.yml');
      const lines = readFileSync(vocabulary, 'utf8').trimEnd().split('\n');
      writeFileSync(vocabulary, `${[...lines, '  half-written: 5'].join('\n')}\n`);
      const refused = await runCli(['kb', 'build'], { env: brokenEnv });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`knowledge/vocabulary.yml:${lines.length + 1}:`);
      expect(refused.stderr).toMatch(/concepts\.half-written: .*expected array/);
      expect(refused.stderr).not.toMatch(/\n\s+at /);

      cpSync(join(KNOWLEDGE_DIR, 'vocabulary.yml'), vocabulary);
      const providers = join(broken, 'providers.yml');
      const before = readFileSync(providers, 'utf8').trimEnd().split('\n').length;
      writeFileSync(
        providers,
        `${readFileSync(providers, 'utf8').trimEnd()}\n  - id: acme\n    name: [Acme\n`,
      );
      const syntax = await runCli(['kb', 'build'], { env: brokenEnv });
      expect(syntax.code).toBe(1);
      expect(syntax.stderr).toMatch(/knowledge\/providers\.yml:\d+:\n\s+- not valid YAML: /);
      const line = Number(/providers\.yml:(\d+):/.exec(syntax.stderr)?.[1]);
      expect(line).toBeGreaterThan(before);
      expect(syntax.stderr).not.toMatch(/column \d+:/); // the line is said once, in the file's name
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('says at build time that an examples file whose article is gone is not learned', async () => {
    const orphan = mkdtempSync(join(tmpdir(), 'xerofix-kb-orphan-'));
    try {
      cpSync(KNOWLEDGE_DIR, orphan, { recursive: true });
      writeFileSync(
        join(orphan, 'examples', 'acme-gone.yml'),
        'label: acme-gone\nexamples:\n  - text: the acme sync is on hold again\n',
      );
      const built = await runCli(['kb', 'build', '--quiet'], { env: { ...env, KNOWLEDGE_DIR: orphan } });
      expect(built.code).toBe(0);
      expect(built.stderr).toMatch(/not learned: 1 example\(s\) of "acme-gone".*examples\/acme-gone\.yml:3/);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
    }
  });
});
