import { createLogger, type Logger } from '../../src/runtime/logger.js';

/** A debug-level logger whose lines the test can read and scan for secrets. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger('debug', (line) => lines.push(line)), lines };
}

/** Fails with the offending credential's first characters only, so the failure does not leak it either. */
export function expectNoSecrets(texts: readonly string[], secrets: Iterable<string>): void {
  const all = texts.join('\n');
  for (const secret of secrets) {
    if (secret.length >= 8 && all.includes(secret)) {
      throw new Error(`a credential (${secret.slice(0, 4)}…) appeared in captured output`);
    }
  }
  const header = /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/.exec(all);
  if (header) throw new Error(`an Authorization header value appeared in captured output: ${header[1]} …`);
  if (/authorization["']?\s*:/i.test(all))
    throw new Error('an Authorization header appeared in captured output');
}
