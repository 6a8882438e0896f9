import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/secrets/key-ring.js';
import { openStore, type Store } from '../../src/store/store.js';
import { runInProcess } from '../cli/in-process.js';
import { KNOWLEDGE_DIR, shippedMatcher } from '../support/knowledge.js';
import { newKey } from '../support/stores.js';

// From a pick in the store to an answer: `kb feedback export` writes the picks into a copy of the
// knowledge folder, `kb feedback check` holds a release until they are reviewed, and the next
// `kb build` learns them.

const root = mkdtempSync(join(tmpdir(), 'xerofix-feedback-cli-'));
const dir = join(root, 'knowledge');
const key = newKey();
const env = {
  KNOWLEDGE_DIR: dir,
  DATABASE_URL: `sqlite:${join(root, 'data', 'x.db')}`,
  XEROFIX_SECRET_KEY: key,
  LOG_LEVEL: 'silent',
};
const cli = (args: string[]) => runInProcess(args, { env, cwd: root });
const FILE = join(dir, 'examples', 'feedback', 'xero-403-forbidden.yml');
// Words no shipped example uses: what the model makes of them comes from the picks alone.
const PASTES = [
  'Quillfeather bridge: ledger handshake refused for Acme, operator lacks the Quillfeather seat',
  'Quillfeather bridge: ledger handshake refused again for Beta, the Quillfeather seat is missing',
  'Quillfeather bridge refused the ledger handshake: no Quillfeather seat for this operator',
];
const TOKEN = `refresh_token=${'q'.repeat(40)}`;
let store: Store;

beforeAll(async () => {
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  rmSync(join(dir, 'examples', 'feedback'), { recursive: true, force: true });
  store = await openStore({
    location: { kind: 'sqlite', path: join(root, 'data', 'x.db') },
    keyRing: parseKeyRing(key),
  });
  for (const [i, paste] of PASTES.entries()) {
    const q = await store.lookups.add({
      surface: 'slack',
      paste: i === 0 ? `${paste}\n${TOKEN}` : paste,
      entry: null,
      reason: 'no-match',
      confidence: 0.1,
    });
    await store.feedbackExamples.choose({
      lookupId: q.id,
      label: 'xero-403-forbidden',
      chosenBy: 'U1',
      surface: 'slack',
    });
  }
  const gap = await store.lookups.add({
    surface: 'web',
    paste: 'what colour is the logo',
    entry: null,
    reason: 'no-match',
    confidence: 0,
  });
  await store.feedbackExamples.choose({
    lookupId: gap.id,
    label: null,
    chosenBy: 'console',
    surface: 'console',
  });
});
afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('xerofix kb feedback', () => {
  it('says where it cannot write, and keeps the picks for the next export', async () => {
    // A file where the folder should be: mkdir fails for everyone, root included.
    writeFileSync(join(dir, 'examples', 'feedback'), 'not a folder');
    const r = await cli(['kb', 'feedback', 'export']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not write knowledge\/examples\/feedback\/xero-403-forbidden\.yml/);
    expect(r.stderr).toMatch(/picks stay in the store/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await store.feedbackExamples.pendingExport()).toHaveLength(3);
    rmSync(join(dir, 'examples', 'feedback'));
  });

  it('writes the picks once, redacted, as unreviewed examples of their label', async () => {
    const r = await cli(['kb', 'feedback', 'export']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote 3 example(s) to knowledge/examples/feedback/xero-403-forbidden.yml');
    const text = readFileSync(FILE, 'utf8');
    for (const paste of PASTES) expect(text).toContain(paste);
    expect(text).not.toContain('q'.repeat(40));
    expect(text.match(/origin: feedback/g)).toHaveLength(3);
    expect(text.match(/reviewed: false/g)).toHaveLength(3);
    expect(text).not.toMatch(/source:/);
    expect(text).not.toContain('logo'); // "none of these" stays a gap
    expect(existsSync(join(dir, 'examples', 'feedback', 'not-covered.yml'))).toBe(false);

    const again = await cli(['kb', 'feedback', 'export', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ written: [], removed: [], alreadyKnown: 0, skipped: [] });
    expect(readFileSync(FILE, 'utf8')).toBe(text);
  });

  it('holds the release with file and line until a person marks them reviewed', async () => {
    const check = await cli(['kb', 'feedback', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /knowledge\/examples\/feedback\/xero-403-forbidden\.yml:\d+: warning: xero-403-forbidden: from agent feedback/,
    );
    expect(check.stdout).toContain('3 example(s) from agent feedback not reviewed yet');
    const lint = await cli(['kb', 'lint', '--json']);
    const listed = JSON.parse(lint.stdout).findings.filter((f: { message: string }) =>
      /agent feedback/.test(f.message),
    );
    expect(listed).toHaveLength(3);
    expect(listed.every((f: { level: string }) => f.level === 'warning')).toBe(true);

    writeFileSync(FILE, readFileSync(FILE, 'utf8').replaceAll('reviewed: false', 'reviewed: true'));
    const after = await cli(['kb', 'feedback', 'check']);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('every example from agent feedback is reviewed');
  });

  it('is learnt by the next kb build: a paste like the picked ones gets that answer', async () => {
    const paste = 'Quillfeather bridge: ledger handshake refused, the operator has no Quillfeather seat';
    // Without the picks the shipped knowledge does not give that answer.
    expect(shippedMatcher().diagnose(paste).entry).not.toBe('xero-403-forbidden');
    expect((await cli(['kb', 'build', '--quiet'])).code).toBe(0);
    const r = await cli(['diagnose', '--json', paste]);
    expect(JSON.parse(r.stdout).entry).toBe('xero-403-forbidden');
  });
});
