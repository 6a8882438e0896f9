import { parseArgs } from 'node:util';
import type { Matcher } from '../../core/match.js';
import { buildReply } from '../../reply/model.js';
import { renderJson } from '../../reply/render-json.js';
import { renderText } from '../../reply/render-text.js';
import { CliError } from '../errors.js';
import { type CliIo, readAll } from '../io.js';
import { loadMatcher } from '../knowledge.js';
import { checkPaste } from '../paste-input.js';
import { diagnoseBatch } from './diagnose-batch.js';

// What `npm start` shows a newcomer: the error from the support article's own title.
const EXAMPLE_PASTE = '"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"';

export async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    throw new CliError(
      `${(err as Error).message}\nUsage: xerofix diagnose [TEXT] [--json] [--full] [--batch] [--example]`,
    );
  }
  const { values, positionals } = parsed;
  const matcher = loadMatcher(io);
  if (values.batch) return diagnoseBatch(matcher, io);

  let input: ReturnType<typeof checkPaste>;
  if (values.example) input = { text: EXAMPLE_PASTE };
  else if (positionals.length) input = checkPaste(positionals.join(' '));
  else {
    if (io.stdin.isTTY) io.stderr.write('Paste the error, then press Ctrl-D:\n');
    input = checkPaste(await readAll(io.stdin));
  }
  if (input.warning) io.stderr.write(`xerofix: warning: ${input.warning}\n`);
  // --json output stays one JSON document, so the example paste is only announced in text.
  if (values.example && !values.json) io.stdout.write(`Example paste: ${EXAMPLE_PASTE}\n\n`);
  io.stdout.write(render(matcher, input.text, Boolean(values.json), Boolean(values.full)));
  return 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      full: { type: 'boolean' },
      batch: { type: 'boolean' },
      example: { type: 'boolean' },
    },
  });
}

const MORE_HINT = "More (what it means, the causes, the paste's details): add --full.";

function render(matcher: Matcher, text: string, json: boolean, full: boolean): string {
  const diagnosis = matcher.diagnose(text);
  const reply = buildReply(diagnosis, matcher.index);
  return json ? renderJson(diagnosis, reply) : renderText(reply, { full, moreHint: MORE_HINT });
}
