/** The PostgreSQL backend (pg pool; advisory locks per space). */
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_POOL_SIZE,
  openPostgres,
  type PostgresOptions,
  SPACE_LOCK_NAMESPACE,
} from "./open-postgres.js";
export { classifyPostgresError } from "./postgres-errors.js";
