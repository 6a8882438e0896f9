import type { KnowledgeIndex } from '../core/knowledge-schema.js';
import { entryForVerdict, isVerdict, VERDICT_CODES } from '../core/verdict-codes.js';
import type { LintFinding } from './lint.js';
import type { KnowledgeFile } from './source-files.js';

// The checks of kb lint that follow references: what the build left out and why, probe verdicts
// an entry claims (does the verdict exist, does another entry claim it too), and ids that two
// classes share. Each finding names the file and line to edit.

/** 1-based line of the first occurrence of needle in a knowledge file at or after line `from`. */
export function lineOf(
  files: readonly KnowledgeFile[],
  file: string | undefined,
  needle: string,
  from = 1,
): number | undefined {
  const content = files.find((f) => f.name === file)?.content;
  if (!content) return undefined;
  let start = 0;
  for (let line = 1; line < from && start >= 0; line++) start = content.indexOf('\n', start) + 1;
  const at = content.indexOf(needle, Math.max(0, start));
  return at >= 0 ? content.slice(0, at).split('\n').length : undefined;
}

/** What the index leaves out, and references that point nowhere: probe verdicts and ids. */
export function referenceFindings(index: KnowledgeIndex, files: readonly KnowledgeFile[]): LintFinding[] {
  const findings: LintFinding[] = index.leftOut.map((p) => ({
    level: 'error' as const,
    entry: p.entry ?? '(file)',
    file: p.file,
    ...(p.line ? { line: p.line } : {}),
    message: p.entry
      ? `${p.message}; left out of the index, so it answers nothing`
      : `${p.message}; the file is left out of the index`,
  }));
  // The entry the probe will name for each verdict: the others that claim it are the findings.
  const named = entryForVerdict(index.entries);
  for (const e of index.entries)
    for (const code of e.confirmedBy) {
      const line = lineOf(files, e.file, code, e.line) ?? e.line;
      const where = { ...(e.file ? { file: e.file } : {}), ...(line ? { line } : {}) };
      const owner = isVerdict(code) ? named(code) : null;
      if (!isVerdict(code))
        findings.push({
          level: 'error',
          entry: e.id,
          ...where,
          message: `confirmedBy "${code}" is not a probe verdict; known verdicts: ${VERDICT_CODES.join(', ')}`,
        });
      else if (owner !== e.id)
        findings.push({
          level: 'error',
          entry: e.id,
          ...where,
          message: `verdict ${code} already confirms ${owner}; one verdict confirms one entry (the probe names ${owner})`,
        });
    }
  const entryIds = new Set(index.entries.map((e) => e.id));
  for (const r of index.abstainRules)
    if (entryIds.has(r.id)) {
      const line = lineOf(files, 'not-covered.yml', `id: ${r.id}`);
      findings.push({
        level: 'error',
        entry: r.id,
        file: 'not-covered.yml',
        ...(line ? { line } : {}),
        message: `duplicate id ${r.id}: it is an entry and a class in not-covered.yml; rename one`,
      });
    }
  return findings;
}
