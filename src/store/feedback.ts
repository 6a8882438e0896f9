import type { Kysely } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { Database, FeedbackTable } from './schema.js';

export type Vote = FeedbackTable['vote'];

export interface VoteCounts {
  up: number;
  down: number;
}

export interface VoteSummary {
  readonly total: VoteCounts;
  /** Per knowledge entry; votes on answers that named no entry count only in the total. */
  readonly byEntry: Record<string, VoteCounts>;
}

export interface DownVote {
  readonly lookupId: string;
  readonly entry: string | null;
  readonly paste: string;
  readonly createdAt: string;
}

/** 👍/👎 on answers: one vote per person per answer, the latest click wins. */
export class FeedbackRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async vote(input: { lookupId: string; voter: string; entry: string | null; vote: Vote }): Promise<void> {
    const at = new Date(this.clock()).toISOString();
    await this.db
      .insertInto('feedback')
      .values({
        lookup_id: input.lookupId,
        voter: input.voter,
        entry: input.entry,
        vote: input.vote,
        created_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['lookup_id', 'voter']).doUpdateSet({ vote: input.vote, created_at: at }),
      )
      .execute();
  }

  /** Votes per knowledge entry, for the App Home and the console. */
  async countsByEntry(): Promise<Record<string, VoteCounts>> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['entry', 'vote', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('entry', 'is not', null)
      .groupBy(['entry', 'vote'])
      .execute();
    const out: Record<string, VoteCounts> = {};
    for (const r of rows) {
      const entry = r.entry as string;
      out[entry] = { ...(out[entry] ?? { up: 0, down: 0 }), [r.vote]: Number(r.n) };
    }
    return out;
  }

  /** Answers someone said were wrong, newest first, with what they had pasted. */
  async downVotes(limit = 50): Promise<DownVote[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .innerJoin('lookups', 'lookups.id', 'feedback.lookup_id')
      .select(['feedback.lookup_id', 'feedback.entry', 'lookups.paste', 'feedback.created_at'])
      .where('feedback.vote', '=', 'down')
      .orderBy('feedback.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      lookupId: r.lookup_id,
      entry: r.entry,
      paste: r.paste,
      createdAt: r.created_at,
    }));
  }

  /** Votes cast (or last changed) since `since` (ISO time): the 👍/👎 ratio, overall and per entry. */
  async votesSince(since: string): Promise<VoteSummary> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['entry', 'vote', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('created_at', '>=', since)
      .groupBy(['entry', 'vote'])
      .execute();
    const total: VoteCounts = { up: 0, down: 0 };
    const byEntry: Record<string, VoteCounts> = {};
    for (const r of rows) {
      const n = Number(r.n);
      total[r.vote] += n;
      if (r.entry !== null) {
        const counts = byEntry[r.entry] ?? { up: 0, down: 0 };
        counts[r.vote] += n;
        byEntry[r.entry] = counts;
      }
    }
    return { total, byEntry };
  }
}
