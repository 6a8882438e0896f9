import { ConfigError } from '../config.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { commands } from './commands/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

function usage(): string {
  const lines = Object.values(commands).map((c) => `  xerofix ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr.write(`xerofix: unknown command "${name}"\n${usage()}`);
    return 2;
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
