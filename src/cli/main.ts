import { CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { KnowledgeError } from '../knowledge/errors.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { createProgram, type RunState } from './program.js';

/** A usage mistake (unknown command or option, missing or extra argument): exit 2, as before. */
const USAGE_EXIT = 2;

/** Runs one command line and returns the process exit code; never exits the process itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const state: RunState = { code: 0, json: false };
  try {
    await createProgram(io, argv, state).parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (err) {
    // Help, the version and parse errors: commander has already written what the person sees.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : USAGE_EXIT;
    const { message, code } = failure(err);
    io.stderr.write(`xerofix: ${message}\n`);
    // A script reading --json output gets a JSON document whatever happened.
    if (state.json) io.stdout.write(`${JSON.stringify({ error: message })}\n`);
    return code;
  }
}

/** What went wrong, as one message for a person, and the exit code that classifies it. */
function failure(err: unknown): { message: string; code: number } {
  if (err instanceof CliError) return { message: err.message, code: err.exitCode };
  if (err instanceof ConfigError) return { message: err.message, code: 78 };
  // The knowledge folder needs fixing or rebuilding (serve, ticket…): its message says how.
  if (err instanceof KnowledgeError) return { message: `knowledge base not ready: ${err.message}`, code: 78 };
  // Unexpected: one line, no stack (it may hold pasted customer data).
  const message = err instanceof Error ? err.message : String(err);
  return {
    message: `unexpected failure: ${message}. This is a bug in xerofix: please report it with the command you ran.`,
    code: 70,
  };
}
