import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../runtime/clock.js';
import type { ConnectionEventsTable, Database } from './schema.js';

export type ConnectionEventKind = ConnectionEventsTable['kind'];

export interface ConnectionEvent {
  readonly id: string;
  readonly connectionId: string;
  readonly customerKey: string;
  readonly kind: ConnectionEventKind;
  readonly verdict: string;
  readonly entry: string | null;
  /** For replacements: what replaced what and who decided; null for health changes. */
  readonly detail: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

export type NewConnectionEvent = Omit<ConnectionEvent, 'id' | 'createdAt' | 'deliveredAt' | 'detail'> & {
  readonly detail?: string | null;
};

/** Health changes on one UTC day (YYYY-MM-DD). */
export interface DayHealthChanges {
  readonly day: string;
  /** Connections that went from working (or new) to broken. */
  readonly broke: number;
  /** Broken connections that worked again. */
  readonly recovered: number;
}

/**
 * Health changes, kept until a surface (Slack, Freshdesk) has told someone about them, and the
 * record of every time a connection's credentials arrived or were replaced. The alert outbox
 * reads them all but only announces `became-broken`.
 */
export class ConnectionEventRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async add(event: NewConnectionEvent): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('connection_events')
      .values({
        id,
        connection_id: event.connectionId,
        customer_key: event.customerKey,
        kind: event.kind,
        verdict: event.verdict,
        entry: event.entry,
        detail: event.detail ?? null,
        created_at: new Date(this.clock()).toISOString(),
        delivered_at: null,
      })
      .execute();
    return id;
  }

  /** Oldest first, so they are announced in the order they happened. */
  async undelivered(limit = 100): Promise<ConnectionEvent[]> {
    const rows = await this.db
      .selectFrom('connection_events')
      .selectAll()
      .where('delivered_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async forConnection(connectionId: string): Promise<ConnectionEvent[]> {
    const rows = await this.db
      .selectFrom('connection_events')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEvent);
  }

  /** Connections that broke and recovered per UTC day since `since` (ISO time), oldest day first. */
  async healthChangesByDay(since: string): Promise<DayHealthChanges[]> {
    const day = sql<string>`substr(created_at, 1, 10)`;
    const rows = await this.db
      .selectFrom('connection_events')
      .select([day.as('day'), 'kind', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('created_at', '>=', since)
      .where('kind', 'in', ['became-broken', 'became-healthy'])
      .groupBy([day, 'kind'])
      .execute();
    const days = new Map<string, { broke: number; recovered: number }>();
    for (const r of rows) {
      const b = days.get(r.day) ?? { broke: 0, recovered: 0 };
      if (r.kind === 'became-broken') b.broke += Number(r.n);
      else b.recovered += Number(r.n);
      days.set(r.day, b);
    }
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([d, b]) => ({ day: d, ...b }));
  }

  async markDelivered(id: string): Promise<void> {
    await this.db
      .updateTable('connection_events')
      .set({ delivered_at: new Date(this.clock()).toISOString() })
      .where('id', '=', id)
      .execute();
  }
}

function toEvent(r: Selectable<ConnectionEventsTable>): ConnectionEvent {
  return {
    id: r.id,
    connectionId: r.connection_id,
    customerKey: r.customer_key,
    kind: r.kind,
    verdict: r.verdict,
    entry: r.entry,
    detail: r.detail,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}
