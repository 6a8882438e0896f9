import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KnowledgeError } from '../../knowledge/errors.js';
import { importHtmlArticle } from '../../knowledge/import-html.js';
import { formatFinding, lintIndex } from '../../knowledge/lint.js';
import { buildIndexFromDir, readKnowledgeFiles, writeIndex } from '../../knowledge/load.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { knowledgeDir } from '../knowledge.js';

const USAGE =
  'Usage: xerofix kb build [--quiet] | kb list | kb lint | kb import FILE.html [--id ID] [--source URL] | kb sync --folder FRESHDESK_FOLDER_ID';

function build(dir: string) {
  try {
    return buildIndexFromDir(dir);
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    const lines = err.problems.map((p) => `  - ${p}`).join('\n');
    throw new CliError(`knowledge base has problems:\n${lines}`, 1);
  }
}

export async function kbCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      quiet: { type: 'boolean' },
      id: { type: 'string' },
      source: { type: 'string' },
      provider: { type: 'string' },
      folder: { type: 'string' },
    },
  });
  const [action, file] = positionals;
  const dir = knowledgeDir(io);
  switch (action) {
    case 'build': {
      const index = build(dir);
      const path = writeIndex(dir, index);
      if (!values.quiet) {
        const real = index.examples.filter((e) => e.source).length;
        io.stdout.write(
          `built ${index.entries.length} entries and a model of ${index.model.classes.length} classes from ${index.examples.length} examples (${real} real pastes) into ${path}\n`,
        );
      }
      return 0;
    }
    case 'list': {
      for (const e of build(dir).entries) io.stdout.write(`${e.id}\t${e.title}\n`);
      return 0;
    }
    case 'lint': {
      const findings = lintIndex(build(dir), readKnowledgeFiles(dir));
      for (const f of findings) io.stdout.write(`${formatFinding(f)}\n`);
      const errors = findings.filter((f) => f.level === 'error').length;
      io.stdout.write(errors ? `${errors} error(s)\n` : 'knowledge base is valid\n');
      return errors ? 1 : 0;
    }
    case 'import': {
      if (!file) throw new CliError(`kb import needs an HTML file\n${USAGE}`);
      let html: string;
      try {
        html = readFileSync(file, 'utf8');
      } catch {
        throw new CliError(`cannot read ${file}`);
      }
      const { id, markdown } = importHtmlArticle(html, {
        ...(values.id ? { id: values.id } : {}),
        ...(values.source ? { source: values.source } : {}),
        ...(values.provider ? { provider: values.provider } : {}),
      });
      const out = join(dir, `${id}.md`);
      writeFileSync(out, markdown, { flag: 'wx' });
      io.stdout.write(`wrote ${out}: review its match rules, then run "xerofix kb lint"\n`);
      return 0;
    }
    case 'sync': {
      const folderId = Number(values.folder);
      if (!Number.isInteger(folderId) || folderId <= 0) {
        throw new CliError(`kb sync needs --folder with a Freshdesk solution folder id\n${USAGE}`);
      }
      const { syncCommand } = await import('./kb-sync.js');
      const result = await syncCommand(io, dir, folderId, values.provider);
      const index = build(dir);
      const problems = lintIndex(index, readKnowledgeFiles(dir));
      writeIndex(dir, index);
      io.stdout.write(
        `${result.written.length} article(s) written, ${result.unchanged.length} unchanged, ${result.kept.length} kept (edited by hand), ${result.skipped.length} skipped\n`,
      );
      for (const s of result.skipped) {
        io.stdout.write(`  skipped article ${s.article} "${s.title}": ${s.problems.join('; ')}\n`);
      }
      for (const file of result.kept)
        io.stdout.write(`  kept ${file}: remove our copy's edits or delete it to re-import\n`);
      for (const f of problems) io.stdout.write(`${formatFinding(f)}\n`);
      return problems.some((f) => f.level === 'error') ? 1 : 0;
    }
    default:
      throw new CliError(USAGE);
  }
}
