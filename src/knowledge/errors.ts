import { XerofixError } from '../errors/xerofix-error.js';

/** A problem in a knowledge file, reported with the file and what to change. */
export class KnowledgeError extends XerofixError {
  override readonly name = 'KnowledgeError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    /** The line to look at, when one is known. */
    readonly line?: number,
  ) {
    // The file stays wrong until someone edits it (or rebuilds the index).
    super(`${file}${line ? `:${line}` : ''}: ${problems.join('; ')}`, {
      code: 'knowledge.invalid',
      retryable: false,
      context: { file, line },
    });
  }
}

export function zodProblems(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string[] {
  return issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
}
