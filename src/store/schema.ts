/**
 * Every table of the store, as Kysely sees them. A new concept adds its tables' interface here (and a
 * migration to migrations.ts), so queries anywhere in src/store are typed against one schema.
 */
import type { Kysely } from "kysely";
import type { AccessTables } from "./access/tables.js";
import type { SpaceKeyTables } from "./keys/tables.js";
import type { LogTables } from "./log/tables.js";
import type { MemberDataTables } from "./member-data/tables.js";
import type { ProjectionTables } from "./projections/tables.js";
import type { TrustScoreTables } from "./trust/tables.js";
import type { WebhookTables } from "./webhooks/tables.js";

/** All tables. */
export interface StoreSchema
  extends LogTables,
    SpaceKeyTables,
    ProjectionTables,
    AccessTables,
    WebhookTables,
    MemberDataTables,
    TrustScoreTables {}

/** Something queries run on: the database or a transaction (a Transaction is a Kysely). */
export type Executor = Kysely<StoreSchema>;
