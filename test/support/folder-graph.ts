import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// The import graph between src/'s top-level folders, read with TypeScript's own pre-processor
// (which sees `import type`, re-exports and dynamic imports alike) rather than a regex.

/** One module's source, by its path relative to the root (src/a/b.ts). */
export type SourceFiles = ReadonlyMap<string, string>;

export function readSourceTree(root: string): SourceFiles {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts'))
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** A file directly under the root belongs to the folder ".". */
const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** folder -> folder -> the imports that make the edge ("file imports spec"). */
export function folderEdges(files: SourceFiles): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const [file, text] of files) {
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = relative('/', resolve('/', dirname(file), ref.fileName))
        .split(sep)
        .join('/');
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      out.set(to, [...(out.get(to) ?? []), `${file} imports ${ref.fileName}`]);
    }
  }
  return edges;
}

/** Groups of folders that reach each other (Tarjan's strongly connected components, size > 1). */
export function folderCycles(edges: Map<string, Map<string, string[]>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) group.push(w);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Each edge inside a cycle with the imports that make it, for a failure message that says what to move. */
export function describeCycle(edges: Map<string, Map<string, string[]>>, group: readonly string[]): string {
  const lines: string[] = [];
  for (const a of group)
    for (const b of group) {
      const why = edges.get(a)?.get(b);
      if (why) lines.push(`${a} -> ${b}: ${why.slice(0, 3).join('; ')}`);
    }
  return lines.join('\n');
}

/** The specifiers a module imports at load time (import and export-from declarations, type-only ones excluded). */
function staticImports(text: string): string[] {
  const source = ts.createSourceFile('m.ts', text, ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier))
      specs.push(s.moduleSpecifier.text);
    if (
      ts.isExportDeclaration(s) &&
      !s.isTypeOnly &&
      s.moduleSpecifier &&
      ts.isStringLiteral(s.moduleSpecifier)
    )
      specs.push(s.moduleSpecifier.text);
  }
  return specs;
}

/**
 * Everything loading `entry` loads before any of its code runs: our modules (paths relative to the
 * root) and packages (their bare names). Dynamic imports are where a command defers work, so they
 * are not followed.
 */
export function loadedAtStart(files: SourceFiles, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = files.get(file);
    if (text === undefined) return;
    for (const spec of staticImports(text)) {
      if (!spec.startsWith('.')) {
        seen.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
        continue;
      }
      const target = relative('/', resolve('/', dirname(file), spec))
        .split(sep)
        .join('/');
      visit(target.replace(/\.js$/, '.ts'));
    }
  };
  visit(entry);
  return seen;
}
