import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { redact } from '../secrets/redact.js';
import type { Database, LookupsTable } from './schema.js';
import type { Clock } from './types.js';

export type Surface = LookupsTable['surface'];

export interface Lookup {
  readonly id: string;
  readonly surface: Surface;
  readonly paste: string;
  readonly entry: string | null;
  readonly reason: string | null;
  readonly confidence: number;
  readonly askedBy: string | null;
  readonly createdAt: string;
}

export interface NewLookup {
  readonly surface: Surface;
  readonly paste: string;
  readonly entry: string | null;
  readonly reason: string | null;
  readonly confidence: number;
  readonly askedBy?: string | null;
}

// Pastes are kept so an answer can be shared, voted on, and turned into a ticket later, and
// so the team sees what went unanswered. Customers paste logs with tokens in them, so the
// text is redacted before it is stored and capped so one paste cannot bloat the database.
export const MAX_STORED_PASTE = 16_384;

export class LookupRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async add(lookup: NewLookup): Promise<Lookup> {
    const row: Selectable<LookupsTable> = {
      id: randomUUID(),
      surface: lookup.surface,
      // Cut before redacting: redaction scans every character, and only this much is kept.
      paste: redact(lookup.paste.slice(0, MAX_STORED_PASTE + 64)).slice(0, MAX_STORED_PASTE),
      entry: lookup.entry,
      reason: lookup.reason,
      confidence_pm: Math.round(lookup.confidence * 1000),
      asked_by: lookup.askedBy ?? null,
      created_at: new Date(this.clock()).toISOString(),
    };
    await this.db.insertInto('lookups').values(row).execute();
    return toLookup(row);
  }

  async get(id: string): Promise<Lookup | undefined> {
    const row = await this.db.selectFrom('lookups').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toLookup(row) : undefined;
  }

  /** Questions no entry answered, newest first: the articles worth writing next. */
  async unmatched(limit = 50): Promise<Lookup[]> {
    const rows = await this.db
      .selectFrom('lookups')
      .selectAll()
      .where('entry', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toLookup);
  }
}

function toLookup(r: Selectable<LookupsTable>): Lookup {
  return {
    id: r.id,
    surface: r.surface,
    paste: r.paste,
    entry: r.entry,
    reason: r.reason,
    confidence: r.confidence_pm / 1000,
    askedBy: r.asked_by,
    createdAt: r.created_at,
  };
}
