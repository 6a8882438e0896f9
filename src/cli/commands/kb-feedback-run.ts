import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KnowledgeSources } from '../../core/knowledge-schema.js';
import { readSources } from '../../knowledge/build.js';
import { KnowledgeError } from '../../knowledge/errors.js';
import { feedbackLabels } from '../../knowledge/examples.js';
import { type ChoiceToExport, type ExportPlan, planFeedbackExport } from '../../knowledge/feedback-export.js';
import { formatFinding, unreviewedFeedback } from '../../knowledge/lint.js';
import { readKnowledgeFiles } from '../../knowledge/source-files.js';
import { redact } from '../../secrets/redact.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { knowledgeDir } from '../knowledge.js';
import { withServices } from '../services.js';

// `kb feedback export` and `kb feedback check`. The server only stores picks: it may run with a
// read-only knowledge folder, as one of several instances, and what reaches knowledge/ should go
// through a person and version control. So writing them out is this one explicit command.

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function sourcesOf(dir: string): { files: ReturnType<typeof readKnowledgeFiles>; sources: KnowledgeSources } {
  try {
    const files = readKnowledgeFiles(dir);
    return { files, sources: readSources(files) };
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    throw new CliError(`knowledge base has problems: ${err.message} (run "xerofix kb lint")`, 1);
  }
}

/** Each file whole or not at all (a temporary name, then renamed), so a crash leaves no half file. */
function writePlan(dir: string, writes: ExportPlan['writes']): void {
  for (const [name, content] of writes) {
    const path = join(dir, name);
    try {
      if (content === null) {
        rmSync(path, { force: true });
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, content);
      renameSync(temporary, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new CliError(
        `could not write knowledge/${name} (${code}): run "xerofix kb feedback export" where the knowledge folder is writable, such as a checkout of the repository. The picks stay in the store until then.`,
        1,
      );
    }
  }
}

/** `kb feedback export`: the stored picks become examples files, each pick once. */
export async function kbFeedbackExport(io: CliIo, options: { json?: boolean }): Promise<number> {
  const dir = knowledgeDir(io);
  const { files, sources } = sourcesOf(dir);
  const labels = new Set(feedbackLabels(sources).map((l) => l.id));
  return withServices(io, async ({ store }) => {
    const pending = await store.feedbackExamples.pendingExport();
    const choices = pending.flatMap((c): ChoiceToExport[] => (c.label ? [{ ...c, label: c.label }] : []));
    const plan = planFeedbackExport({ choices, files, labels, redact });
    writePlan(dir, plan.writes);
    // Marked only once their files are written: a failed write leaves them to the next export.
    await store.feedbackExamples.markExported(plan.done);
    const written = [...plan.added].map(([file, added]) => ({ file: `knowledge/${file}`, added }));
    const removed = [...plan.writes].filter(([, c]) => c === null).map(([f]) => `knowledge/${f}`);
    const alreadyKnown = plan.done.length - written.reduce((n, w) => n + w.added, 0);
    const skipped = plan.skipped.map((s) => ({
      lookupId: s.choice.lookupId,
      label: s.choice.label,
      reason: s.reason,
    }));
    if (options.json) {
      io.stdout.write(json({ written, removed, alreadyKnown, skipped }));
      return 0;
    }
    if (!choices.length) {
      io.stdout.write('nothing to export: no picks are waiting in the store\n');
      return 0;
    }
    for (const w of written) io.stdout.write(`wrote ${w.added} example(s) to ${w.file}\n`);
    for (const f of removed)
      io.stdout.write(`removed ${f}: its only example was picked again as another label\n`);
    if (alreadyKnown) io.stdout.write(`${alreadyKnown} pick(s) were examples of that label already\n`);
    for (const s of skipped) io.stdout.write(`left in the store: question ${s.lookupId}: ${s.reason}\n`);
    if (written.length)
      io.stdout.write(
        'review them (set reviewed: true, or delete an item that is wrong), then run "xerofix kb build"\n',
      );
    return 0;
  });
}

/** `kb feedback check`: exits 1 while an example from feedback waits for its review. */
export async function kbFeedbackCheck(io: CliIo, options: { json?: boolean }): Promise<number> {
  const findings = unreviewedFeedback(sourcesOf(knowledgeDir(io)).sources);
  if (options.json) {
    io.stdout.write(json({ unreviewed: findings.length, findings }));
    return findings.length ? 1 : 0;
  }
  for (const f of findings) io.stdout.write(`${formatFinding(f)}\n`);
  io.stdout.write(
    findings.length
      ? `${findings.length} example(s) from agent feedback not reviewed yet\n`
      : 'every example from agent feedback is reviewed\n',
  );
  return findings.length ? 1 : 0;
}
