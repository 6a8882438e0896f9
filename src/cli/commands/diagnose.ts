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

export interface DiagnoseOptions {
  readonly json?: boolean;
  readonly full?: boolean;
  readonly batch?: boolean;
  readonly example?: boolean;
}

/** `diagnose [TEXT...]`: the paste from the words given, else from stdin. */
export async function diagnoseCommand(io: CliIo, words: string[], options: DiagnoseOptions): Promise<number> {
  // Text beside --batch or --example would be ignored without a word: say so instead.
  if (words.length && (options.batch || options.example)) {
    throw new CliError(
      `diagnose ${options.batch ? '--batch reads JSON Lines from standard input' : '--example uses its own paste'}: leave out the TEXT`,
    );
  }
  if (options.batch && options.json) {
    throw new CliError('diagnose --batch already writes one JSON object per line: leave out --json');
  }
  const matcher = loadMatcher(io);
  if (options.batch) return diagnoseBatch(matcher, io);

  let input: ReturnType<typeof checkPaste>;
  if (options.example) input = { text: EXAMPLE_PASTE };
  else if (words.length) input = checkPaste(words.join(' '));
  else {
    if (io.stdin.isTTY) io.stderr.write('Paste the error, then press Ctrl-D:\n');
    input = checkPaste(await readAll(io.stdin));
  }
  if (input.warning) io.stderr.write(`xerofix: warning: ${input.warning}\n`);
  // --json output stays one JSON document, so the example paste is only announced in text.
  if (options.example && !options.json) io.stdout.write(`Example paste: ${EXAMPLE_PASTE}\n\n`);
  io.stdout.write(render(matcher, input.text, Boolean(options.json), Boolean(options.full)));
  return 0;
}

const MORE_HINT = "More (what it means, the causes, the paste's details): add --full.";

function render(matcher: Matcher, text: string, json: boolean, full: boolean): string {
  const diagnosis = matcher.diagnose(text);
  const reply = buildReply(diagnosis, matcher.index);
  return json
    ? renderJson(diagnosis, reply, matcher.index)
    : renderText(reply, { full, moreHint: MORE_HINT });
}
