import { Command, type CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package.js';

/** What one run leaves behind for runCli: the action's exit code, and whether it asked for JSON. */
export interface RunState {
  code: number;
  json: boolean;
}

const EXIT_CODES = `Exit codes:
  0   done (probe: a verdict was reached, whatever it says)
  1   the command ran and found a problem (kb lint errors, nothing stored, Freshdesk refused)
  2   a usage mistake: unknown command or option, a missing or extra argument
  70  an unexpected failure (a bug: please report it with the command you ran)
  78  a setting, the secret key, the database or the knowledge base needs fixing first

With --json, stdout is always one JSON document; a failure is {"error": "…"} with the same exit
code, and its message is on stderr too.`;

/** Commander's messages in this CLI's voice: "xerofix: …" and double quotes, like every other. */
export function plainMessage(message: string): string {
  return message
    .trim()
    .replace(/^error: /, '')
    .replace(/(^|[\s(])'([^'\n]*)'(?=[\s.,:;)?]|$)/g, '$1"$2"');
}

/** "xerofix kb build": the words a person types to reach this command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function* everyCommand(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* everyCommand(sub);
}

/** Whether the person asked for JSON (an option, not text after "--"). */
function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/**
 * The whole command line, built afresh for each run (tests run many in one process). Help and
 * parse errors are written through `io`; nothing here calls process.exit: commander's exits come
 * back as CommanderError for runCli to turn into an exit code.
 */
export function createProgram(io: CliIo, argv: readonly string[], state: RunState): Command {
  const program = new Command('xerofix');
  // Set before any subcommand exists: commander copies these into each one as it is created.
  program
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`xerofix: ${plainMessage(text)}\n`),
      // xerofix prints no colour anywhere; with colour off, commander strips any it might add.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .helpOption('-h, --help', 'show this help and exit')
    .helpCommand('help [command]', 'show help for a command');
  program
    .description('Recognises pasted Xero errors and answers with the fix; checks live Xero connections.')
    .version(`xerofix ${packageVersion()}`, '-V, --version', 'print the version and exit')
    .addHelpText('after', `\n${EXIT_CODES}`);

  registerCommands(program, {
    io,
    done: (code) => {
      state.code = code;
    },
  });

  for (const command of everyCommand(program)) {
    const path = commandPath(command);
    // One line saying what is wrong, then the usage line: the whole help would bury the error.
    command.showHelpAfterError(`Usage: ${path} ${command.usage()}\nRun "${path} --help" for more.`);
    const json = command.options.some((o) => o.long === '--json');
    command.exitOverride((err: CommanderError) => {
      if (err.exitCode !== 0 && json && asksForJson(argv))
        io.stdout.write(`${JSON.stringify({ error: plainMessage(err.message) })}\n`);
      throw err;
    });
  }
  program.hook('preAction', (_root, action) => {
    state.json = action.opts().json === true;
  });
  return program;
}
