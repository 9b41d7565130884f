/**
 * Creates the access tables: API keys and member-token keys (0100), idempotency records (0101), and lets an
 * idempotency record say that its request's write committed (0106). Keyed by space first where they
 * belong to a space, like every table, so they shard with the log.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** access_keys and member_token_keys. */
export const accessKeysMigration: StoreMigration = {
  name: "0100-access-keys",
  async up(db, { bytes }) {
    await db.schema
      .createTable("access_keys")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("secret_hash", bytes, (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("label", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .addPrimaryKeyConstraint("access_keys_pk", ["space", "key_id"])
      .addCheckConstraint("access_keys_secret_hash_size", sql`length(secret_hash) = 32`)
      .execute();
    await db.schema
      .createTable("member_token_keys")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("kid", "text", (c) => c.notNull())
      .addColumn("public_key", bytes, (c) => c.notNull())
      .addColumn("label", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .addPrimaryKeyConstraint("member_token_keys_pk", ["space", "kid"])
      .addCheckConstraint("member_token_keys_public_key_size", sql`length(public_key) = 32`)
      .execute();
  },
};

/** idempotency_keys, keyed by space first like every table, with an index to purge expired records. */
export const idempotencyMigration: StoreMigration = {
  name: "0101-idempotency",
  async up(db, { bytes }) {
    await db.schema
      .createTable("idempotency_keys")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("credential", "text", (c) => c.notNull())
      .addColumn("idem_key", "text", (c) => c.notNull())
      .addColumn("fingerprint", bytes, (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("status", "integer")
      .addColumn("headers", "text")
      .addColumn("body", bytes)
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("idempotency_keys_pk", ["space", "credential", "idem_key"])
      .addCheckConstraint("idempotency_keys_state", sql`state in ('pending', 'done')`)
      .addCheckConstraint("idempotency_keys_fingerprint_size", sql`length(fingerprint) = 32`)
      .execute();
    await db.schema
      .createIndex("idempotency_keys_expires_at")
      .on("idempotency_keys")
      .column("expires_at")
      .execute();
  },
};

/**
 * idempotency_keys gains the state "applied" and the column `applied` (the JSON array of the log indices
 * a request's write appended): the space service marks a claim applied in the transaction that appends
 * the request's events (src/store/space/claimed-write.ts), so a retry after a crash never runs it again.
 * PostgreSQL alters the CHECK constraint in place; SQLite cannot, so the table is rebuilt as
 * https://www.sqlite.org/lang_altertable.html#otheralter describes (rows copied, index made again).
 */
export const idempotencyAppliedMigration: StoreMigration = {
  name: "0106-idempotency-applied",
  async up(db, { dialect, bytes }) {
    const states = sql`state in ('pending', 'applied', 'done')`;
    if (dialect === "postgres") {
      const table = () => db.schema.alterTable("idempotency_keys");
      await table().dropConstraint("idempotency_keys_state").execute();
      await table().addCheckConstraint("idempotency_keys_state", states).execute();
      await table().addColumn("applied", "text").execute();
      return;
    }
    await rebuildForSqlite(db, bytes, states);
  },
};

const IDEMPOTENCY_COLUMNS = sql.raw(
  "space, credential, idem_key, fingerprint, state, status, headers, body, created_at, expires_at",
);

async function rebuildForSqlite(
  db: Kysely<unknown>,
  bytes: "blob" | "bytea",
  states: RawBuilder<unknown>,
): Promise<void> {
  await db.schema
    .createTable("idempotency_keys_0106")
    .addColumn("space", "text", (c) => c.notNull())
    .addColumn("credential", "text", (c) => c.notNull())
    .addColumn("idem_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", bytes, (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("status", "integer")
    .addColumn("headers", "text")
    .addColumn("body", bytes)
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("applied", "text")
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["space", "credential", "idem_key"])
    .addCheckConstraint("idempotency_keys_state", states)
    .addCheckConstraint("idempotency_keys_fingerprint_size", sql`length(fingerprint) = 32`)
    .execute();
  await sql`insert into idempotency_keys_0106 (${IDEMPOTENCY_COLUMNS})
    select ${IDEMPOTENCY_COLUMNS} from idempotency_keys`.execute(db);
  await db.schema.dropTable("idempotency_keys").execute();
  await db.schema.alterTable("idempotency_keys_0106").renameTo("idempotency_keys").execute();
  await db.schema
    .createIndex("idempotency_keys_expires_at")
    .on("idempotency_keys")
    .column("expires_at")
    .execute();
}
