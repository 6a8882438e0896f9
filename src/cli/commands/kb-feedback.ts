import type { Command } from 'commander';
import { type ActionContext, JSON_HELP } from './context.js';

/** `kb feedback export|check`: the pastes agents labelled, out of the store and through review. */
export function registerKbFeedback(kb: Command, { io, done }: ActionContext): void {
  const feedback = kb
    .command('feedback')
    .summary('turn agents’ picks into examples, and check they were reviewed')
    .description(
      'When an agent marks an answer wrong (or a gap) and picks the right one, the pick is stored. export writes the picks to knowledge/examples/feedback/<label>.yml with reviewed: false; check lists those not reviewed yet.',
    );
  feedback
    .command('export')
    .summary('write stored picks to knowledge/examples/feedback/')
    .description(
      'Write the picks agents made (redacted, one file per label, reviewed: false) into the knowledge folder, once each. Needs the store (DATABASE_URL) and a writable knowledge folder. Review the files, then run kb build.',
    )
    .option('--json', JSON_HELP)
    .action(async (options) => {
      done(await (await import('./kb-feedback-run.js')).kbFeedbackExport(io, options));
    });
  feedback
    .command('check')
    .summary('list examples from feedback nobody has reviewed (exit 1 if any)')
    .description(
      'List, with file:line, the examples that came from agent feedback and are not marked reviewed: true. Exits 1 while any is left, so a release can wait for the review.',
    )
    .option('--json', JSON_HELP)
    .action(async (options) => {
      done(await (await import('./kb-feedback-run.js')).kbFeedbackCheck(io, options));
    });
}
