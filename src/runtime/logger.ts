import pino from 'pino';
import { redact } from '../secrets/redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The logger every I/O module receives. Fields are flat scalars: no objects to leak through. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** JSON lines for machines (systemd, docker, a log shipper); one readable line each for people. */
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  readonly format?: LogFormat;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A terminal is read by a person; anything else (a pipe, a file, a journal) by a program. */
export function logFormatFor(stream: { readonly isTTY?: boolean }): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

/**
 * Structured lines through pino (level, time, message, fields). Every line passes through
 * `redact` on its way out as a last line of defence: code should never hand a token to the
 * logger, and if it does, the token still never reaches disk or a screen. The pretty format is
 * made from the already-redacted JSON line and redacted once more, so it can never show what the
 * JSON line would have hidden.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void,
  options: LoggerOptions = {},
): Logger {
  const out =
    options.format === 'pretty'
      ? (line: string) => write(redact(prettyLine(redact(line))))
      : (line: string) => write(redact(line));
  const logger = pino(
    {
      level,
      messageKey: 'message',
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: out },
  );
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      logger[lvl](fields, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = createLogger('silent', () => {});

// Control characters (a newline in an upstream error message) would let one entry pose as two.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const escapeControl = (text: string) =>
  text.replace(CONTROL, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

/** A field value as a person reads it: bare when it is plainly one word, else quoted and escaped. */
function fieldValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[\w@.:/+,~%[\]-]+$/.test(text) ? text : JSON.stringify(text);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "14:03:07 WARN  message key=value …" from one pino JSON line (local time of day). */
function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const { level, time, message, ...fields } = entry;
  const at = new Date(typeof time === 'number' ? time : Date.now());
  const clock = `${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())}`;
  const label = String(level ?? '')
    .toUpperCase()
    .padEnd(5);
  const rest = Object.entries(fields).map(([key, value]) => ` ${key}=${fieldValue(value)}`);
  return `${clock} ${label} ${escapeControl(String(message ?? ''))}${rest.join('')}\n`;
}
