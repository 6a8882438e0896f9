import type { Command } from 'commander';
import { type ActionContext, JSON_HELP } from './context.js';
import { registerKbFeedback } from './kb-feedback.js';

/** `kb build|list|lint|import|sync`; each implementation loads when it runs. */
export function registerKb(program: Command, { io, done }: ActionContext): void {
  const kb = program
    .command('kb')
    .summary('manage the knowledge base')
    .description('Build, list, lint and import the knowledge base (KNOWLEDGE_DIR, knowledge/ by default).');
  kb.command('build')
    .summary('validate knowledge/ and fit the matcher')
    .description('Validate the knowledge files and fit the matcher into index.json.')
    .option('--quiet', 'print nothing when it succeeds')
    .action(async (options) => {
      done(await (await import('./kb.js')).kbBuild(io, options));
    });
  kb.command('list')
    .summary('list the entries')
    .description('List the entries: id, tab, title.')
    .option('--json', JSON_HELP)
    .action(async (options) => {
      done(await (await import('./kb.js')).kbList(io, options));
    });
  kb.command('lint')
    .summary('find contradictions and rules that never fire')
    .description(
      'Find contradicting or orphan examples and rules that can never fire, with file:line. Exits 1 on errors.',
    )
    .option('--json', JSON_HELP)
    .action(async (options) => {
      done(await (await import('./kb.js')).kbLint(io, options));
    });
  kb.command('import')
    .summary('turn a help-centre article (HTML or markdown) into an entry')
    .description(
      'Turn a help-centre article saved as HTML or markdown into a knowledge file to review. Nothing is written unless it has fix steps.',
    )
    .argument('<file>', 'the article: .html, .htm, .md or .markdown')
    .option(
      '--id <id>',
      'the entry id, a lowercase slug such as xero-429-rate-limit (from the title when absent)',
    )
    .option('--source <url>', "the article's address, kept as its source")
    .option('--provider <id>', 'the provider it is about (xero by default)')
    .action(async (file: string, options) => {
      done(await (await import('./kb-import.js')).kbImport(io, file, options));
    });
  kb.command('sync')
    .summary('import a Freshdesk solution folder')
    .description(
      'Import a Freshdesk solution folder as knowledge/freshdesk-*.md, then rebuild and lint. Needs FRESHDESK_BASE_URL and FRESHDESK_API_KEY.',
    )
    .option('--folder <id>', 'the Freshdesk solution folder id (required)')
    .option('--provider <id>', 'the provider its articles are about (xero by default)')
    .option(
      '--prune',
      'delete the files of articles no longer in the folder (they are only reported otherwise)',
    )
    .addHelpText('after', '\nExample:\n  xerofix kb sync --folder 4200012345')
    .action(async (options) => {
      done(await (await import('./kb.js')).kbSync(io, options));
    });
  registerKbFeedback(kb, { io, done });
}
