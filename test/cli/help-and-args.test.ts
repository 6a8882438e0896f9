import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../support/run-cli.js';

// The compiled CLI as a person runs it. Every command and subcommand answers --help, and every
// usage mistake is refused with one line and the usage (exit 2) before anything runs.

interface Leaf {
  readonly path: readonly string[];
  /** Values for its required arguments, so one more is an extra. */
  readonly needs?: readonly string[];
  /** Takes any number of words (the paste): no argument is ever extra. */
  readonly variadic?: boolean;
}

const LEAVES: readonly Leaf[] = [
  { path: ['diagnose'], variadic: true },
  { path: ['kb', 'build'] },
  { path: ['kb', 'list'] },
  { path: ['kb', 'lint'] },
  { path: ['kb', 'import'], needs: ['article.html'] },
  { path: ['kb', 'sync'] },
  { path: ['connections', 'add'] },
  { path: ['connections', 'list'] },
  { path: ['connections', 'remove'], needs: ['shop@example.com'] },
  { path: ['connections', 'invite'], needs: ['shop@example.com'] },
  { path: ['connections', 'confirm'], needs: ['shop@example.com'] },
  { path: ['connections', 'discard'], needs: ['shop@example.com'] },
  { path: ['connections', 'rekey'] },
  { path: ['probe'], needs: ['shop@example.com'] },
  { path: ['ticket', 'open'], variadic: true },
  { path: ['slack', 'manifest'] },
  { path: ['serve'] },
];
const GROUPS: Record<string, readonly string[]> = {
  kb: ['build', 'list', 'lint', 'import', 'sync'],
  connections: ['add', 'list', 'remove', 'invite', 'confirm', 'discard', 'rekey'],
  ticket: ['open'],
  slack: ['manifest'],
};
const EVERY = [...LEAVES.map((l) => l.path), ...Object.keys(GROUPS).map((g) => [g])];
const name = (path: readonly string[]) => path.join(' ');
/** What a person types: "xerofix kb build". */
const typed = (path: readonly string[]) => ['xerofix', ...path].join(' ');

// Settings no command can start with (a log level that does not exist, a key that is not a key):
// a command that ran anything would exit 78, so exit 0 or 2 proves it stopped at its arguments.
const BROKEN = { LOG_LEVEL: 'shouting', XEROFIX_SECRET_KEY: 'not-a-key', FORCE_COLOR: '1' };
const run = (args: string[]) => runCli(args, { env: BROKEN });

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const ESC = '\u001b';

/** One line saying what is wrong, then the command's usage, all on stderr; nothing on stdout. */
function expectUsageError(r: CliResult, path: readonly string[], problem: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const [first, usage] = r.stderr.split('\n');
  expect(first).toMatch(problem);
  expect(usage).toMatch(new RegExp(`^Usage: ${typed(path)} `));
  expect(r.stderr).toContain(`Run "${typed(path)} --help" for more.`);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('xerofix COMMAND --help', () => {
  it.each(EVERY.map((p) => [name(p), p] as const))(
    '%s --help prints its usage and exits 0',
    async (_, path) => {
      const [long, short] = await Promise.all([run([...path, '--help']), run([...path, '-h'])]);
      for (const r of [long, short]) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(new RegExp(`^Usage: xerofix ${name(path)} `));
        // Colour never reaches output that is not a terminal, even when FORCE_COLOR asks for it.
        expect(r.stdout).not.toContain(ESC);
      }
      expect(long.stdout).toBe(short.stdout);
      for (const sub of GROUPS[path.join(' ')] ?? [])
        expect(long.stdout).toMatch(new RegExp(`^  ${sub}\\b`, 'm'));
    },
  );

  it('answers "xerofix help COMMAND" like COMMAND --help', async () => {
    const [viaHelp, viaFlag] = await Promise.all([
      run(['help', 'connections']),
      run(['connections', '--help']),
    ]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('lists every command in the top-level help, with the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['diagnose', 'kb', 'connections', 'probe', 'ticket', 'slack', 'serve'])
      expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(r.stdout).toMatch(/^ {2}78 {2}/m);
  });
});

describe('xerofix --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
    const r = await run([flag]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `xerofix ${VERSION}\n`, '']);
  });
});

describe('usage mistakes: exit 2 with one line and the usage, nothing run', () => {
  it.each(EVERY.map((p) => [name(p), p] as const))('%s refuses an unknown option', async (_, path) => {
    const r = await run([...path, '--frobnicate']);
    expectUsageError(r, path, /^xerofix: unknown option "--frobnicate"$/);
  });

  const fixed = LEAVES.filter((l) => !l.variadic);
  it.each(fixed.map((l) => [name(l.path), l] as const))('%s refuses an extra argument', async (_, leaf) => {
    const r = await run([...leaf.path, ...(leaf.needs ?? []), 'surplus']);
    expectUsageError(
      r,
      leaf.path,
      /^xerofix: too many arguments for "\w+"\. Expected \d+ arguments? but got \d+\.$/,
    );
  });

  const needing = LEAVES.filter((l) => l.needs?.length);
  it.each(needing.map((l) => [name(l.path), l] as const))(
    '%s asks for its missing argument',
    async (_, leaf) => {
      const r = await run([...leaf.path]);
      expectUsageError(r, leaf.path, /^xerofix: missing required argument "\w+"$/);
    },
  );

  it('refuses "probe a b" rather than probing a and dropping b', async () => {
    const r = await run(['probe', 'a@example.com', 'b@example.com']);
    expectUsageError(r, ['probe'], /too many arguments for "probe"\. Expected 1 argument but got 2\./);
  });

  it.each(Object.keys(GROUPS))('%s refuses an unknown subcommand', async (group) => {
    const r = await run([group, 'frobnicate']);
    expectUsageError(r, [group], /^xerofix: unknown command "frobnicate"/);
  });

  it.each(Object.keys(GROUPS))('%s without a subcommand shows its help on stderr', async (group) => {
    const r = await run([group]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(new RegExp(`^Usage: xerofix ${group} `));
  });

  it('refuses an unknown command, and no command at all, with the top-level usage', async () => {
    expectUsageError(await run(['frobnicate']), [], /^xerofix: unknown command "frobnicate"$/);
    const none = await run([]);
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^Usage: xerofix /);
  });

  it('refuses an option value that is missing', async () => {
    const r = await run(['connections', 'invite', 'shop@example.com', '--days']);
    expectUsageError(r, ['connections', 'invite'], /^xerofix: option "--days <n>" argument missing$/);
  });

  it('refuses TEXT beside --example or --batch instead of ignoring it', async () => {
    const example = await run(['diagnose', '--example', 'some text']);
    const batch = await run(['diagnose', '--batch', 'some text']);
    expect([example.code, batch.code]).toEqual([2, 2]);
    expect(example.stderr).toMatch(/^xerofix: diagnose --example .*leave out the TEXT/);
    expect(batch.stderr).toMatch(/^xerofix: diagnose --batch .*leave out the TEXT/);
  });
});
