import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KnowledgeError } from '../../knowledge/errors.js';
import { importHtmlArticle } from '../../knowledge/import-html.js';
import { formatFinding, lintIndex } from '../../knowledge/lint.js';
import { buildIndexFromDir, readKnowledgeFiles, writeIndex } from '../../knowledge/load.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { knowledgeDir } from '../knowledge.js';

function build(dir: string) {
  try {
    return buildIndexFromDir(dir);
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    const lines = err.problems.map((p) => `  - ${p}`).join('\n');
    throw new CliError(`knowledge base has problems:\n${lines}`, 1);
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** `kb build`: validates knowledge/ and writes the index with the fitted model. */
export async function kbBuild(io: CliIo, options: { quiet?: boolean }): Promise<number> {
  const dir = knowledgeDir(io);
  const index = build(dir);
  const path = writeIndex(dir, index);
  if (!options.quiet) {
    const real = index.examples.filter((e) => e.source).length;
    io.stdout.write(
      `built ${index.entries.length} entries and a model of ${index.model.classes.length} classes from ${index.examples.length} examples (${real} real pastes) into ${path}\n`,
    );
  }
  return 0;
}

/** `kb list`: one entry per line (id, tab, title), or a JSON array. */
export async function kbList(io: CliIo, options: { json?: boolean }): Promise<number> {
  const entries = build(knowledgeDir(io)).entries;
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

export interface ImportOptions {
  readonly id?: string;
  readonly source?: string;
  readonly provider?: string;
}

/** `kb import FILE.html`: a help-centre article becomes a knowledge file to review. */
export async function kbImport(io: CliIo, file: string, options: ImportOptions): Promise<number> {
  let html: string;
  try {
    html = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  const { id, markdown } = importHtmlArticle(html, {
    ...(options.id ? { id: options.id } : {}),
    ...(options.source ? { source: options.source } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
  });
  const out = join(knowledgeDir(io), `${id}.md`);
  writeFileSync(out, markdown, { flag: 'wx' });
  io.stdout.write(`wrote ${out}: review its match rules, then run "xerofix kb lint"\n`);
  return 0;
}

/** `kb sync --folder ID`: imports a Freshdesk solution folder, then rebuilds and lints. */
export async function kbSync(io: CliIo, options: { folder?: string; provider?: string }): Promise<number> {
  const folderId = Number(options.folder);
  if (!options.folder || !Number.isInteger(folderId) || folderId <= 0) {
    throw new CliError(
      'kb sync needs --folder with a Freshdesk solution folder id (a positive number, e.g. --folder 4200012345)',
    );
  }
  const dir = knowledgeDir(io);
  const { syncCommand } = await import('./kb-sync.js');
  const result = await syncCommand(io, dir, folderId, options.provider);
  const index = build(dir);
  const problems = lintIndex(index, readKnowledgeFiles(dir));
  writeIndex(dir, index);
  io.stdout.write(
    `${result.written.length} article(s) written, ${result.unchanged.length} unchanged, ${result.kept.length} kept (edited by hand), ${result.skipped.length} skipped\n`,
  );
  for (const s of result.skipped) {
    io.stdout.write(`  skipped article ${s.article} "${s.title}": ${s.problems.join('; ')}\n`);
  }
  for (const kept of result.kept)
    io.stdout.write(`  kept ${kept}: remove our copy's edits or delete it to re-import\n`);
  for (const f of problems) io.stdout.write(`${formatFinding(f)}\n`);
  return problems.some((f) => f.level === 'error') ? 1 : 0;
}
