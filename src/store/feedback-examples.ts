import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import { redact } from '../secrets/redact.js';
import type { Database, FeedbackExamplesTable } from './schema.js';

// What agents said a paste really was. The choice is stored here, never written to the
// knowledge folder by the server (which may be read-only, and one of several instances);
// `xerofix kb feedback export` writes the choices out for a person to review.

/** The most of a paste that becomes an example: enough for any log excerpt, not a whole log file. */
export const MAX_FEEDBACK_PASTE = 64 * 1024;
/** Enough ids per IN list for any database's parameter limit. */
const ID_CHUNK = 500;

export type FeedbackSurface = FeedbackExamplesTable['surface'];

export interface FeedbackChoice {
  readonly lookupId: string;
  /** An entry id or a near-miss class; null is "none of these" (a gap, never exported). */
  readonly label: string | null;
  readonly chosenBy: string;
  readonly surface: FeedbackSurface;
  /** Redacted of credentials and capped. */
  readonly paste: string;
  readonly createdAt: string;
  readonly exportedAt: string | null;
}

export interface NewFeedbackChoice {
  readonly lookupId: string;
  readonly label: string | null;
  readonly chosenBy: string;
  readonly surface: FeedbackSurface;
}

/** Cut before redacting (redaction reads every character), then cut to the cap. */
export const feedbackPaste = (paste: string) =>
  redact(paste.slice(0, MAX_FEEDBACK_PASTE + 64)).slice(0, MAX_FEEDBACK_PASTE);

export class FeedbackExampleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the label picked for a stored question; the latest pick wins and is exported again.
   * Undefined when there is no such question (its answer was forgotten, or the id is made up).
   */
  async choose(input: NewFeedbackChoice): Promise<FeedbackChoice | undefined> {
    const lookup = await this.db
      .selectFrom('lookups')
      .select(['id', 'paste'])
      .where('id', '=', input.lookupId)
      .executeTakeFirst();
    if (!lookup) return undefined;
    const row: Selectable<FeedbackExamplesTable> = {
      lookup_id: lookup.id,
      label: input.label,
      chosen_by: input.chosenBy,
      surface: input.surface,
      paste: feedbackPaste(lookup.paste),
      created_at: new Date(this.clock()).toISOString(),
      exported_at: null,
    };
    const { lookup_id: _key, ...changes } = row;
    await this.db
      .insertInto('feedback_examples')
      .values(row)
      .onConflict((oc) => oc.column('lookup_id').doUpdateSet(changes))
      .execute();
    return toChoice(row);
  }

  /** Labelled choices not written to the knowledge folder yet, oldest first. */
  async pendingExport(): Promise<FeedbackChoice[]> {
    const rows = await this.db
      .selectFrom('feedback_examples')
      .selectAll()
      .where('exported_at', 'is', null)
      .where('label', 'is not', null)
      .orderBy('created_at')
      .orderBy('lookup_id')
      .execute();
    return rows.map(toChoice);
  }

  /**
   * Marks choices as written. A choice changed since it was read (another pick meanwhile) keeps
   * waiting: its new label has not been written. Returns how many were marked.
   */
  async markExported(choices: readonly Pick<FeedbackChoice, 'lookupId' | 'createdAt'>[]): Promise<number> {
    const at = new Date(this.clock()).toISOString();
    let marked = 0;
    for (const c of choices) {
      const result = await this.db
        .updateTable('feedback_examples')
        .set({ exported_at: at })
        .where('lookup_id', '=', c.lookupId)
        .where('created_at', '=', c.createdAt)
        .where('exported_at', 'is', null)
        .executeTakeFirst();
      marked += Number(result.numUpdatedRows);
    }
    return marked;
  }

  /** The choices made for these questions, by question id (for showing them beside the gaps). */
  async forLookups(ids: readonly string[]): Promise<Map<string, FeedbackChoice>> {
    const out = new Map<string, FeedbackChoice>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += ID_CHUNK) {
      const rows = await this.db
        .selectFrom('feedback_examples')
        .selectAll()
        .where('lookup_id', 'in', unique.slice(i, i + ID_CHUNK))
        .execute();
      for (const r of rows) out.set(r.lookup_id, toChoice(r));
    }
    return out;
  }
}

function toChoice(r: Selectable<FeedbackExamplesTable>): FeedbackChoice {
  return {
    lookupId: r.lookup_id,
    label: r.label,
    chosenBy: r.chosen_by,
    surface: r.surface,
    paste: r.paste,
    createdAt: r.created_at,
    exportedAt: r.exported_at,
  };
}
