import { XerofixError } from '../errors/xerofix-error.js';

/** What the exit code says, as a code: 2 a usage mistake, 78 something to set up first, else a failure. */
const codeFor = (exitCode: number) =>
  exitCode === 2 ? 'cli.usage' : exitCode === 78 ? 'cli.setup-needed' : 'cli.failed';

/** An error the CLI reports as a plain message and an exit code, never a stack trace. */
export class CliError extends XerofixError {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
    /** The failure the message reports, when it is a XerofixError (safe to keep). */
    cause?: XerofixError,
  ) {
    // Nothing retries a command: a person reads the message and runs it again.
    super(message, { code: codeFor(exitCode), retryable: false, context: { exitCode }, cause });
  }
}
