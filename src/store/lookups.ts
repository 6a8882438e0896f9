import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import { redact } from '../secrets/redact.js';
import type { Database, GapArticlesTable, LookupsTable } from './schema.js';

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

/** What became of the questions asked on one UTC day (YYYY-MM-DD). Each question counts once. */
export interface DayOutcomes {
  readonly day: string;
  /** An entry answered it and nobody asked a person about it. */
  readonly answered: number;
  /** No entry answered it (xerofix abstained) and nobody asked a person about it. */
  readonly declined: number;
  /** Someone asked a person: a ticket was requested for it (a ticket with no question counts too). */
  readonly escalated: number;
}

export interface EntryCount {
  readonly entry: string;
  readonly count: number;
}

export interface GapArticle {
  readonly entry: string;
  readonly markedBy: string | null;
  readonly markedAt: string;
}

/** An unanswered question and, once someone wrote one, the article it became. */
export interface Gap extends Lookup {
  readonly article: GapArticle | null;
}

// The day part of an ISO-8601 UTC time, the same text in SQLite and PostgreSQL. Written out with
// literal numbers: PostgreSQL only groups by an expression that matches the selected one exactly,
// and bound parameters ($1, $2) would not.
const DAY = sql<string>`substr(created_at, 1, 10)`;
const ANSWERED = sql<number>`case when entry is null then 0 else 1 end`;
/** Enough ids per IN list for any database's parameter limit. */
const ID_CHUNK = 500;

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

  /**
   * Questions asked since `since` (ISO time), per UTC day, by outcome. `cli` lookups come from
   * `xerofix ticket open`, so each is an escalation; so is every question a ticket job of
   * `ticketJobKind` was enqueued for (its payload's lookupId, as the Slack ticket modal stores
   * it). An escalated question counts on the day it was asked; a ticket whose question is
   * older than the window, or that had none, counts on the day it was requested.
   */
  async outcomesByDay(since: string, ticketJobKind: string): Promise<DayOutcomes[]> {
    const days = new Map<string, { answered: number; declined: number; escalated: number }>();
    const bucket = (day: string) => {
      const b = days.get(day) ?? { answered: 0, declined: 0, escalated: 0 };
      days.set(day, b);
      return b;
    };
    const counted = await this.db
      .selectFrom('lookups')
      .select([
        DAY.as('day'),
        'surface',
        ANSWERED.as('answered'),
        (eb) => eb.fn.countAll<string | number>().as('n'),
      ])
      .where('created_at', '>=', since)
      .groupBy([DAY, 'surface', ANSWERED])
      .execute();
    for (const r of counted) {
      const b = bucket(r.day);
      const n = Number(r.n);
      if (r.surface === 'cli') b.escalated += n;
      else if (Number(r.answered) === 1) b.answered += n;
      else b.declined += n;
    }

    const tickets = await this.db
      .selectFrom('jobs')
      .select(['payload_json', 'created_at'])
      .where('kind', '=', ticketJobKind)
      .where('created_at', '>=', since)
      .execute();
    const jobDayOf = new Map<string, string>();
    for (const t of tickets) {
      const lookupId = lookupIdOf(t.payload_json);
      if (lookupId) {
        // Two tickets about one question are still one escalated question.
        if (!jobDayOf.has(lookupId)) jobDayOf.set(lookupId, t.created_at.slice(0, 10));
      } else bucket(t.created_at.slice(0, 10)).escalated += 1;
    }
    const ids = [...jobDayOf.keys()];
    const found = new Map<string, { surface: Surface; entry: string | null; created_at: string }>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = await this.db
        .selectFrom('lookups')
        .select(['id', 'surface', 'entry', 'created_at'])
        .where('id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute();
      for (const r of rows) found.set(r.id, r);
    }
    for (const [id, jobDay] of jobDayOf) {
      const q = found.get(id);
      if (!q || q.created_at < since) {
        bucket(jobDay).escalated += 1;
        continue;
      }
      if (q.surface === 'cli') continue; // already counted as escalated
      const b = bucket(q.created_at.slice(0, 10));
      if (q.entry === null) b.declined -= 1;
      else b.answered -= 1;
      b.escalated += 1;
    }
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, b]) => ({ day, ...b }));
  }

  /** The entries that answered most questions since `since`, most first (ties by id). */
  async topEntries(since: string, limit = 10): Promise<EntryCount[]> {
    const rows = await this.db
      .selectFrom('lookups')
      .select(['entry', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('entry', 'is not', null)
      .where('created_at', '>=', since)
      .groupBy('entry')
      .orderBy('n', 'desc')
      .orderBy('entry')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ entry: r.entry as string, count: Number(r.n) }));
  }

  /** Unanswered questions nobody has turned into an article yet, newest first. */
  async openGaps(limit = 50): Promise<Gap[]> {
    const rows = await this.db
      .selectFrom('lookups')
      .leftJoin('gap_articles', 'gap_articles.lookup_id', 'lookups.id')
      .selectAll('lookups')
      .where('lookups.entry', 'is', null)
      .where('gap_articles.lookup_id', 'is', null)
      .orderBy('lookups.created_at', 'desc')
      .orderBy('lookups.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toLookup(r), article: null }));
  }

  /** How many open gaps each surface asked, for saying where the list comes from. */
  async openGapCountsBySurface(): Promise<Partial<Record<Surface, number>>> {
    const rows = await this.db
      .selectFrom('lookups')
      .leftJoin('gap_articles', 'gap_articles.lookup_id', 'lookups.id')
      .select(['lookups.surface', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('lookups.entry', 'is', null)
      .where('gap_articles.lookup_id', 'is', null)
      .groupBy('lookups.surface')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.surface, Number(r.n)]));
  }

  /** Gaps turned into articles, most recently marked first. */
  async gapsTurnedIntoArticles(limit = 50): Promise<Gap[]> {
    const rows = await this.db
      .selectFrom('lookups')
      .innerJoin('gap_articles', 'gap_articles.lookup_id', 'lookups.id')
      .selectAll('lookups')
      .select([
        'gap_articles.entry as article_entry',
        'gap_articles.marked_by as article_marked_by',
        'gap_articles.created_at as article_created_at',
      ])
      .orderBy('gap_articles.created_at', 'desc')
      .orderBy('lookups.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      ...toLookup(r),
      article: { entry: r.article_entry, markedBy: r.article_marked_by, markedAt: r.article_created_at },
    }));
  }

  /**
   * Records that an unanswered question became the article `entry`; marking it again moves the
   * link. False when there is no such unanswered question (an answered one is no gap).
   */
  async markTurnedIntoArticle(input: {
    lookupId: string;
    entry: string;
    markedBy?: string | null;
  }): Promise<boolean> {
    const gap = await this.db
      .selectFrom('lookups')
      .select('id')
      .where('id', '=', input.lookupId)
      .where('entry', 'is', null)
      .executeTakeFirst();
    if (!gap) return false;
    const row: GapArticlesTable = {
      lookup_id: input.lookupId,
      entry: input.entry,
      marked_by: input.markedBy ?? null,
      created_at: new Date(this.clock()).toISOString(),
    };
    await this.db
      .insertInto('gap_articles')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('lookup_id')
          .doUpdateSet({ entry: row.entry, marked_by: row.marked_by, created_at: row.created_at }),
      )
      .execute();
    return true;
  }
}

/** The question a ticket job was opened about, if its payload names one. */
function lookupIdOf(payloadJson: string): string | undefined {
  try {
    const id = (JSON.parse(payloadJson) as { lookupId?: unknown } | null)?.lookupId;
    return typeof id === 'string' && id ? id : undefined;
  } catch {
    return undefined;
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
