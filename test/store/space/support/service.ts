/**
 * A space service over a test database, with a clock the test moves. Test helper.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "../../../../src/store/database.js";
import { createKeyVault, type KeyVault } from "../../../../src/store/keys/key-vault.js";
import {
  createSpaceLogSigners,
  type SpaceLogSigners,
} from "../../../../src/store/log/space-log-signer.js";
import { createSpaceService, type SpaceService } from "../../../../src/store/space/service.js";

/** A service, its signers and its clock. */
export interface TestService {
  readonly db: Database;
  readonly service: SpaceService;
  readonly signers: SpaceLogSigners;
  readonly vault: KeyVault;
  /** The clock every event is stamped with (ms); tests move it. */
  now: number;
}

/** A service over `db` with a fresh master key, its clock at `now` (2025-01-01 by default). */
export function testService(db: Database, now = Date.UTC(2025, 0, 1)): TestService {
  const vault = createKeyVault(new Uint8Array(randomBytes(32)));
  const signers = createSpaceLogSigners({ vault, host: "trust.example.com" });
  const clock = { now };
  const service = createSpaceService({ db, vault, signers, clock: () => clock.now });
  return {
    db,
    service,
    signers,
    vault,
    get now() {
      return clock.now;
    },
    set now(value: number) {
      clock.now = value;
    },
  };
}
