import { createInterface } from 'node:readline';
import type { Matcher } from '../../core/match.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { checkPaste } from '../paste-input.js';

// JSON Lines in, JSON Lines out, one output line per input line and in the same order, so a
// labelled set can be scored with a join on line number or id. A bad line is reported (on
// stdout as an error line and on stderr with its number) and the rest still run.

function parseLine(line: string, lineNo: number): { id: unknown; text: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CliError(`line ${lineNo}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`line ${lineNo}: expected an object like {"id": 1, "text": "..."}`);
  }
  const { id = null, text } = value as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') throw new CliError(`line ${lineNo}: "text" must be a string`);
  return { id, text };
}

export async function diagnoseBatch(matcher: Matcher, io: CliIo): Promise<number> {
  let failures = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const parsed = parseLine(line, lineNo);
      id = parsed.id;
      const paste = checkPaste(parsed.text, `line ${lineNo}`);
      if (paste.warning) io.stderr.write(`xerofix: warning: ${paste.warning}\n`);
      const d = matcher.diagnose(paste.text);
      io.stdout.write(`${JSON.stringify({ id, entry: d.entry, confidence: d.confidence })}\n`);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      failures++;
      io.stderr.write(`xerofix: ${err.message}\n`);
      io.stdout.write(`${JSON.stringify({ id, entry: null, confidence: 0, error: err.message })}\n`);
    }
  }
  if (lineNo === 0)
    throw new CliError('no input: --batch reads JSON Lines ({"id": ..., "text": ...}) on standard input');
  return failures ? 1 : 0;
}
