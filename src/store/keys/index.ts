/** Space signing keys, sealed at rest under the master key. */
export {
  createKeyVault,
  type KeyVault,
  NONCE_BYTES,
  SEED_BYTES,
  type SealedSeed,
  type SeedBinding,
  TAG_BYTES,
} from "./key-vault.js";
export {
  loadOrCreateMasterKeyFile,
  MASTER_KEY_BYTES,
  MASTER_KEY_FILE,
  resolveMasterKey,
} from "./master-key.js";
export { spaceKeysMigration } from "./migration.js";
export {
  createSpaceKey,
  listSpaceKeys,
  loadSpaceKey,
  type SpaceKeyInfo,
  type SpaceSigningKey,
} from "./space-keys.js";
export type { SpaceKeysTable, SpaceKeyTables } from "./tables.js";
