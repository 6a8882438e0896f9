import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';

// Kysely builds and compiles a query's SQL afresh on every call: for the one-row inserts on the
// Slack acknowledgement path (a replay claim, the stored work) that cost about 20 µs each, as
// much as SQLite takes to run them. A hot query is built once here with a marker in each place
// a value goes; later calls reuse the compiled SQL and only put their values in those places.
// Kysely has no public API for this, and the statement cache (statement-cache.ts) only saves
// SQLite's own compile, which comes after.

const SLOT = '\u0000xerofix-slot-';

/** Where each compiled parameter comes from: a slot's index, or a constant the builder wrote. */
type Source = { readonly slot: number } | { readonly constant: unknown };

/**
 * A query built once by `build` and then run with fresh `values` in the same positions. Each
 * argument of `build` must reach the SQL as a bound parameter (not in a name nor a literal);
 * building fails loudly otherwise, the first time it is used.
 */
export function compiledOnce<Values extends readonly unknown[], Row>(
  db: Kysely<unknown>,
  slots: number,
  build: (...values: Values) => Compilable<Row>,
): (...values: Values) => Promise<QueryResult<Row>> {
  let compiled:
    | { readonly sql: string; readonly sources: readonly Source[]; readonly query: CompiledQuery }
    | undefined;
  const prepare = () => {
    const markers = Array.from({ length: slots }, (_, i) => `${SLOT}${i}`) as unknown as Values;
    const query = build(...markers).compile();
    const seen = new Set<number>();
    const sources = query.parameters.map((value): Source => {
      if (typeof value === 'string' && value.startsWith(SLOT)) {
        const slot = Number(value.slice(SLOT.length));
        seen.add(slot);
        return { slot };
      }
      return { constant: value };
    });
    if (seen.size !== slots) {
      throw new Error(
        `compiledOnce: ${slots - seen.size} of ${slots} values are not bound parameters in: ${query.sql}`,
      );
    }
    return { sql: query.sql, sources, query };
  };
  return (...values) => {
    compiled ??= prepare();
    const parameters = compiled.sources.map((s) => ('slot' in s ? values[s.slot] : s.constant));
    return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
  };
}
