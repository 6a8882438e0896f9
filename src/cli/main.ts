import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { commands } from './commands/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

function usage(): string {
  const lines = Object.values(commands).map((c) => `  xerofix ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

/** The package's version, from the nearest package.json above this file (src/ or dist/src/). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '';
  }
  return '';
}

const HELP = new Set(['--help', '-h', 'help']);

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout.write(`xerofix ${version()}\n`);
    return 0;
  }
  if (!name || HELP.has(name)) {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`xerofix: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  // "xerofix serve --help" must describe serve, not start it: help is answered before any
  // command runs (each command's own parser would otherwise take or reject the flag).
  if (rest.some((a) => a === '--help' || a === '-h')) {
    io.stdout.write(`Usage: xerofix ${entry.summary}\n`);
    return 0;
  }
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) {
      io.stderr.write(`xerofix: ${err.message}\n`);
      return err instanceof CliError ? err.exitCode : 78;
    }
    // The knowledge folder needs fixing or rebuilding (serve, ticket…): its message says how.
    if (err instanceof KnowledgeError) {
      io.stderr.write(`xerofix: knowledge base not ready: ${err.message}\n`);
      return 78;
    }
    // Unexpected: one line for the user, no stack (it may hold pasted customer data).
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`xerofix: internal error: ${message}\n`);
    return 70;
  }
}
