import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { KnowledgeError, zodProblems } from './errors.js';

// A knowledge YAML file read and checked against its schema. A problem is a KnowledgeError that
// names the file and the line to look at: the line of the YAML syntax error, or of the value the
// schema refused ("concepts.reconnect: expected array" on line 7).

export interface CheckedYaml<T> {
  readonly data: T;
  readonly doc: Document;
  /** 1-based line of a character offset into the file. */
  readonly lineAt: (offset: number) => number;
}

/** The parser's first line, without its own "at line 3, column 1:" (the error names the line). */
const syntaxProblem = (message: string) =>
  (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');

export function readCheckedYaml<T>(content: string, file: string, schema: z.ZodType<T>): CheckedYaml<T> {
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  const first = doc.errors[0];
  if (first)
    throw new KnowledgeError(file, [`not valid YAML: ${syntaxProblem(first.message)}`], lineAt(first.pos[0]));
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The refused value, or the nearest enclosing one that exists (a missing key has no node).
    let path = [...(issue?.path ?? [])];
    let node = doc.getIn(path, true) as { range?: [number] } | undefined;
    while (!node?.range && path.length) {
      path = path.slice(0, -1);
      node = doc.getIn(path, true) as { range?: [number] } | undefined;
    }
    throw new KnowledgeError(
      file,
      zodProblems(parsed.error.issues),
      node?.range ? lineAt(node.range[0]) : undefined,
    );
  }
  return { data: parsed.data, doc, lineAt };
}
