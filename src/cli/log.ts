import type { Config } from '../config.js';
import { createLogger, type Logger, type LogLevel, logFormatFor } from '../runtime/logger.js';
import type { CliIo } from './io.js';

/**
 * The logger for one CLI run, on stderr so stdout stays the command's answer.
 *
 * A one-shot command (probe, connections …) prints its result itself; its info lines ("probe
 * finished") only repeat it, so it logs warnings and errors unless LOG_LEVEL asks for more. The
 * server logs at LOG_LEVEL (info by default): its log is the only account of what it did.
 * On a terminal the lines are for reading; elsewhere (systemd, docker, a pipe) they stay JSON.
 */
export function cliLogger(io: CliIo, config: Config, role: 'command' | 'server' = 'command'): Logger {
  const chosen = Boolean(io.env.LOG_LEVEL?.trim());
  const level: LogLevel = chosen || role === 'server' ? config.log.level : 'warn';
  return createLogger(level, (line) => io.stderr.write(line), { format: logFormatFor(io.stderr) });
}
