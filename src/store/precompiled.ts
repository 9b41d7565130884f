/**
 * Statements compiled once per database and then run with new parameters. Kysely builds an immutable
 * operation tree and compiles it to SQL on every call; on the write path, which runs the same few
 * statements for every event, that was about 15% of the CPU and much of the garbage (docs/benchmarks.md,
 * trust-space core). A precompiled statement is written with the same query builder, once, with slots
 * in place of its values; the compiled SQL is kept per database (per Kysely dialect adapter, which a
 * database and its transactions share) and run through Kysely's `executeQuery`, so it goes through the
 * same driver, connection and transaction as any other query. On SQLite the same SQL string then hits
 * the prepared-statement cache (sqlite/statement-cache.ts) without being hashed again.
 *
 * Only values are slots: identifiers, operators, `is null` and the number of rows are part of a
 * statement's text, so a statement that varies in those is several statements (see `rowsStatement`).
 * The store registers no Kysely plugin (a plugin would transform queries per call and is not applied
 * here: precompile refuses to run on an executor that has one).
 *
 * Inside a transaction, a statement goes straight to the transaction's connection (asked of Kysely once
 * per transaction and kept for its life, which is what Kysely's own single-connection provider does),
 * skipping the executor's per-query layers of promises; outside one, through `executeQuery`, which
 * borrows a connection from the pool for the query.
 */
import type {
  Compilable,
  CompiledQuery,
  DatabaseConnection,
  QueryResult,
  RootOperationNode,
} from "kysely";
import type { Executor } from "./schema.js";

/** A statement compiled once per database, run with its slots' values in slot order. */
export interface Precompiled<R> {
  execute(db: Executor, values: readonly unknown[]): Promise<QueryResult<R>>;
}

/** A slot: where the value at `index` of the values goes. Opaque to Kysely, which binds it. */
export type Slot = never;

/** What a build function gets: the executor to build on and the slot of each value. */
export type SlotOf = (index: number) => Slot;

interface Compiled {
  readonly sql: string;
  readonly query: RootOperationNode;
  readonly queryId: CompiledQuery["queryId"];
  /** For each bound parameter, the index of the value that fills it. */
  readonly order: readonly number[];
}

class SlotValue {
  constructor(readonly index: number) {}
}

const slot: SlotOf = (index) => new SlotValue(index) as never;

/**
 * A statement built by `build` with slots for its values. Throws Error at first use when a bound
 * parameter of the built query is not a slot (a constant belongs in the SQL, or in a slot).
 *
 * @example
 * const findReview = precompile<{ data: string }>((db, $) =>
 *   db.selectFrom("reviews").select("data").where("space", "=", $(0)).where("id", "=", $(1)))
 * const { rows } = await findReview.execute(tx, [space, id])
 */
export function precompile<R>(build: (db: Executor, $: SlotOf) => Compilable<R>): Precompiled<R> {
  const byAdapter = new WeakMap<object, Compiled>();
  const compiledFor = (db: Executor): Compiled => {
    const executor = db.getExecutor();
    const known = byAdapter.get(executor.adapter);
    if (known !== undefined) return known;
    if (executor.plugins.length > 0) {
      throw new Error("precompiled statements run on executors without Kysely plugins only");
    }
    const { sql, query, queryId, parameters } = build(db, slot).compile();
    const order = parameters.map((p, i) => {
      if (!(p instanceof SlotValue)) {
        throw new Error(`parameter ${i + 1} of a precompiled statement is not a slot: ${sql}`);
      }
      return p.index;
    });
    const compiled = { sql, query, queryId, order };
    byAdapter.set(executor.adapter, compiled);
    return compiled;
  };
  return {
    execute(db, values) {
      const { sql, query, queryId, order } = compiledFor(db);
      const parameters = new Array<unknown>(order.length);
      for (let i = 0; i < order.length; i++) parameters[i] = values[order[i] as number];
      const compiled: CompiledQuery = { sql, query, queryId, parameters };
      if (!db.isTransaction) return db.executeQuery<R>(compiled);
      const connection = transactionConnections.get(db);
      return connection === undefined
        ? connect(db).then((c) => c.executeQuery<R>(compiled))
        : connection.executeQuery<R>(compiled);
    },
  };
}

/** The connection of each open transaction (a Transaction holds one connection for its life). */
const transactionConnections = new WeakMap<Executor, DatabaseConnection>();

async function connect(tx: Executor): Promise<DatabaseConnection> {
  const connection = await tx.getExecutor().provideConnection(async (c) => c);
  transactionConnections.set(tx, connection);
  return connection;
}

/**
 * A multi-row statement: one precompiled statement per row count (at most `maxRows`, which bounds how
 * many are kept), `build` getting the row count; the values are given row after row.
 *
 * @example
 * const insert = rowsStatement(150, (db, rows, $) => db.insertInto("log_entries").values(
 *   Array.from({ length: rows }, (_, r) => ({ space: $(r * 5), idx: $(r * 5 + 1), … }))))
 * await insert.execute(tx, rows.length, rows.flatMap((r) => [r.space, r.idx, …]))
 */
export function rowsStatement<R>(
  maxRows: number,
  build: (db: Executor, rows: number, $: SlotOf) => Compilable<R>,
): { execute(db: Executor, rows: number, values: readonly unknown[]): Promise<QueryResult<R>> } {
  const byRows = new Map<number, Precompiled<R>>();
  return {
    execute(db, rows, values) {
      if (!Number.isSafeInteger(rows) || rows < 1 || rows > maxRows) {
        throw new RangeError(`a statement of 1 to ${maxRows} rows, not ${rows}`);
      }
      let statement = byRows.get(rows);
      if (statement === undefined) {
        statement = precompile((d, $) => build(d, rows, $));
        byRows.set(rows, statement);
      }
      return statement.execute(db, values);
    },
  };
}
