import type { KnowledgeIndex, KnowledgeSources, LeftOut } from '../../core/knowledge-schema.js';
import { readSources } from '../../knowledge/build.js';
import { writeIndex } from '../../knowledge/built-index.js';
import { KnowledgeError } from '../../knowledge/errors.js';
import { formatFinding, lintIndex } from '../../knowledge/lint.js';
import { buildIndexFromDir } from '../../knowledge/load.js';
import { readKnowledgeFiles } from '../../knowledge/source-files.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { knowledgeDir } from '../knowledge.js';
import { syncReport } from './kb-sync-report.js';

/** Builds (fitting the model when `fit` is on) and turns a knowledge problem into a CLI error. */
function build(dir: string): KnowledgeIndex;
function build(dir: string, fit: false): KnowledgeSources;
function build(dir: string, fit = true): KnowledgeSources {
  try {
    return fit ? buildIndexFromDir(dir) : readSources(readKnowledgeFiles(dir));
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    // A shared file (providers.yml, vocabulary.yml…) is named with the line to fix; a folder-wide
    // problem (no articles) names its files in the problems themselves.
    const where = err.file.endsWith('/') ? '' : ` in knowledge/${err.file}${err.line ? `:${err.line}` : ''}`;
    const lines = err.problems.map((p) => `  - ${p}`).join('\n');
    throw new CliError(`knowledge base has problems${where}:\n${lines}`, 1);
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const leftOutLine = (p: LeftOut) =>
  `left out: knowledge/${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`;

/**
 * `kb build`: validates knowledge/ and writes the index with the fitted model. What does not
 * build is left out and named on stderr (even with --quiet); the rest is built and answers, so
 * the exit code is 0. `kb lint` fails on it, for CI.
 */
export async function kbBuild(io: CliIo, options: { quiet?: boolean }): Promise<number> {
  const dir = knowledgeDir(io);
  const index = build(dir);
  const path = writeIndex(dir, index);
  for (const p of index.leftOut) io.stderr.write(leftOutLine(p));
  // An examples file left behind when its article was removed teaches nothing: say so here too,
  // not only in kb lint, since a build is what people run after deleting an article.
  const classes = new Set([...index.entries.map((e) => e.id), ...index.abstainRules.map((r) => r.id)]);
  const orphans = index.examples.filter((e) => !classes.has(e.label));
  const first = orphans[0];
  if (first)
    io.stderr.write(
      `not learned: ${orphans.length} example(s) of "${first.label}", which is neither an entry nor a class (knowledge/${first.file}:${first.line}); run "npx xerofix kb lint" for all of them\n`,
    );
  if (!options.quiet) {
    const real = index.examples.filter((e) => e.source).length;
    const out = index.leftOut.length ? ` (${index.leftOut.length} problem(s) left out: see above)` : '';
    io.stdout.write(
      `built ${index.entries.length} entries and a model of ${index.model.classes.length} classes from ${index.examples.length} examples (${real} real pastes) into ${path}${out}\n`,
    );
  }
  return 0;
}

/** `kb list`: one entry per line (id, tab, title), or a JSON array. */
export async function kbList(io: CliIo, options: { json?: boolean }): Promise<number> {
  // Listing needs what the files declare, not the fitted model (seconds of work on big folders).
  const { entries, leftOut } = build(knowledgeDir(io), false);
  // What is listed is what answers; what does not build is said, beside the list.
  for (const p of leftOut) io.stderr.write(leftOutLine(p));
  if (options.json) {
    io.stdout.write(
      json(
        entries.map((e) => ({
          id: e.id,
          title: e.title,
          provider: e.provider,
          file: e.file ?? null,
          source: e.source ?? null,
        })),
      ),
    );
    return 0;
  }
  for (const e of entries) io.stdout.write(`${e.id}\t${e.title}\n`);
  return 0;
}

/** `kb lint`: exits 1 when any finding is an error, so CI can run it. */
export async function kbLint(io: CliIo, options: { json?: boolean }): Promise<number> {
  const dir = knowledgeDir(io);
  const findings = lintIndex(build(dir), readKnowledgeFiles(dir));
  const errors = findings.filter((f) => f.level === 'error').length;
  if (options.json) {
    io.stdout.write(json({ valid: errors === 0, errors, findings }));
    return errors ? 1 : 0;
  }
  for (const f of findings) io.stdout.write(`${formatFinding(f)}\n`);
  io.stdout.write(errors ? `${errors} error(s)\n` : 'knowledge base is valid\n');
  return errors ? 1 : 0;
}

/** `kb sync --folder ID`: imports a Freshdesk solution folder, then rebuilds and lints. */
export async function kbSync(
  io: CliIo,
  options: { folder?: string; provider?: string; prune?: boolean },
): Promise<number> {
  const folderId = Number(options.folder);
  if (!options.folder || !Number.isInteger(folderId) || folderId <= 0) {
    throw new CliError(
      'kb sync needs --folder with a Freshdesk solution folder id (a positive number, e.g. --folder 4200012345)',
    );
  }
  const dir = knowledgeDir(io);
  const { syncCommand } = await import('./kb-sync.js');
  const result = await syncCommand(io, dir, folderId, options);
  const index = build(dir);
  const problems = lintIndex(index, readKnowledgeFiles(dir));
  writeIndex(dir, index);
  for (const line of syncReport(result)) io.stdout.write(`${line}\n`);
  for (const f of problems) io.stdout.write(`${formatFinding(f)}\n`);
  return problems.some((f) => f.level === 'error') ? 1 : 0;
}
