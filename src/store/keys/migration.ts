/**
 * Creates space_keys. Keyed (space, key_id) like every table, so it shards by space with the log.
 */
import { sql } from "kysely";
import type { StoreMigration } from "../migration.js";

/** The space_keys table. */
export const spaceKeysMigration: StoreMigration = {
  name: "0002-space-keys",
  async up(db, { bytes }) {
    await db.schema
      .createTable("space_keys")
      .addColumn("space", "text", (c) => c.notNull())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("public_key", bytes, (c) => c.notNull())
      .addColumn("sealed_seed", bytes, (c) => c.notNull())
      .addColumn("nonce", bytes, (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("space_keys_pk", ["space", "key_id"])
      .addCheckConstraint("space_keys_public_key_size", sql`length(public_key) = 32`)
      .addCheckConstraint("space_keys_sealed_seed_size", sql`length(sealed_seed) = 48`)
      .addCheckConstraint("space_keys_nonce_size", sql`length(nonce) = 12`)
      .execute();
  },
};
