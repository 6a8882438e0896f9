import ts from 'typescript';
import type { SourceFiles } from './folder-graph.js';

// Finds string literals that read like a sentence shown to a person ("Probe it to find out."),
// so wording stays in src/reply/ and the knowledge. Read with TypeScript's own parser, so
// comments never count and a template's placeholders are seen for what they are. Sentences for
// operators are not wording: a log call's arguments, an error thrown (or built) for the log or
// the CLI's stderr, and commander's help text are skipped.

export interface ShownSentence {
  /** file:line, e.g. "console/status-page.ts:48". */
  readonly at: string;
  readonly text: string;
}

/** A capitalised word, two words or more after it, then . ? or ! at a word's end. */
const SENTENCE = /(?:^|[\s"“(])[A-Z][\w’'-]*(?:\s+\S+){2,}?[.?!](?=$|[\s"”’)\]{])/;

/** Calls whose string arguments are for operators or for commander's help, never for customers:
 *  a logger's (log.warn, deps.log.info, console.error), stderr, and commander's builders. */
const OPERATOR_CALL =
  /(?:^|\.)(?:log|logger|console)(?:\.\w+)?$|\.(?:debug|info|warn|error|fatal|trace)$|(?:^|\.)stderr\.write$|\.(?:description|option|requiredOption|argument|addHelpText|summary|usage|helpOption)$/;

/** Markup is structure, not wording: what is left once tags and placeholders are taken out. */
function wordsOf(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  const raw = ts.isTemplateExpression(node)
    ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}')
    : node.text;
  return raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isForOperators(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isThrowStatement(at)) return true;
    if (ts.isNewExpression(at) && /Error$/.test(at.expression.getText())) return true;
    if (ts.isCallExpression(at) && OPERATOR_CALL.test(at.expression.getText())) return true;
    if (ts.isFunctionLike(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

/** Every sentence-like string in the files, skipping the folders given (relative to the root). */
export function shownSentences(files: SourceFiles, skipFolders: readonly string[]): ShownSentence[] {
  const found: ShownSentence[] = [];
  for (const [file, text] of files) {
    if (skipFolders.some((f) => file.startsWith(`${f}/`))) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateExpression(node)
      ) {
        const words = wordsOf(node);
        const inImport = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent);
        if (!inImport && SENTENCE.test(words) && !isForOperators(node)) {
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push({ at: `${file}:${line}`, text: words });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
