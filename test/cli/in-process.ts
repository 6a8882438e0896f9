import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The CLI entry point in this process, running this tree's src/ (not dist/), with its output
 * captured. `stderrIsTTY` stands in for a person's terminal, which a child process's pipe never is.
 */
export async function runInProcess(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; stderrIsTTY?: boolean; cwd?: string } = {},
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  const code = await runCli(args, {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrIsTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
