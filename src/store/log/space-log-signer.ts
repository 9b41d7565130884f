/**
 * The signer of a space's log: the space's newest Ed25519 key (keys/space-keys.ts), opened with the vault,
 * named after the log's origin. It signs checkpoints (the sealer) and receipts (receipts.ts), so both verify
 * with one verifier key. Verifiers of every key of the space are kept too: after a rotation, checkpoints
 * signed by an older key still open.
 *
 * Opening a key costs a query and an AES-GCM open, so a process keeps the signers it has opened
 * (createSpaceLogSigners); `forget` drops one after a rotation.
 */
import {
  ed25519NoteSigner,
  ed25519NoteVerifier,
  formatVerifierKey,
  type NoteSigner,
  type NoteVerifier,
  verifierKeyOf,
} from "../../log/note/index.js";
import type { KeyVault } from "../keys/key-vault.js";
import { listSpaceKeys, loadSpaceKey } from "../keys/space-keys.js";
import type { Executor } from "../schema.js";
import { spaceLogOrigin } from "./space-log-origin.js";

/** What signs for one space's log. */
export interface SpaceLogSigner {
  readonly space: string;
  /** The log's origin, also the key name. */
  readonly origin: string;
  /** The store's id of the signing key (keys/space-keys.ts). */
  readonly keyId: string;
  /** Signs notes with the newest key, under the origin's name. */
  readonly signer: NoteSigner;
  /** The signing key's verifier key, `origin+keyid+base64` (publish it; it opens checkpoints and receipts). */
  readonly verifierKey: string;
  /** Verifiers of every key of the space when it was opened, newest first. */
  readonly verifiers: readonly NoteVerifier[];
}

/** Space log signers of one database and master key, opened once per space. */
export interface SpaceLogSigners {
  /** The origin of `space`'s log under the configured host. */
  origin(space: string): string;
  /**
   * The signer of `space`, opened on first use with `db` (the database, or inside a transaction its `tx`:
   * SQLite has one connection). Throws StoreError("not-found") when the space has no key.
   */
  signerFor(db: Executor, space: string): Promise<SpaceLogSigner>;
  /** Drops the cached signer of `space` (after its key was rotated). */
  forget(space: string): void;
}

/**
 * Opens the newest key of `space` as the signer of its log named `origin` (no cache).
 *
 * @example const { signer, verifierKey } = await spaceLogSigner(db.kysely, vault, "market", origin)
 */
export async function spaceLogSigner(
  db: Executor,
  vault: KeyVault,
  space: string,
  origin: string,
): Promise<SpaceLogSigner> {
  const key = await loadSpaceKey(db, vault, space);
  const all = await listSpaceKeys(db, space);
  const newestFirst = [key, ...all.filter((k) => k.keyId !== key.keyId).reverse()];
  return {
    space,
    origin,
    keyId: key.keyId,
    signer: ed25519NoteSigner(origin, key.seed),
    verifierKey: formatVerifierKey(verifierKeyOf(origin, key.publicKey)),
    verifiers: newestFirst.map((k) => ed25519NoteVerifier(origin, k.publicKey)),
  };
}

/**
 * A per-process cache of space log signers for one database, vault and host. Concurrent first uses of a
 * space share one load; a load that fails is not kept.
 *
 * @example
 * const signers = createSpaceLogSigners({ vault, host: "trust.example.com" })
 * const { signer } = await signers.signerFor(db.kysely, "market")
 */
export function createSpaceLogSigners(options: {
  readonly vault: KeyVault;
  readonly host?: string | undefined;
}): SpaceLogSigners {
  const { vault, host } = options;
  spaceLogOrigin(host, "probe"); // a bad host is a configuration error: say so now, not on first use
  const loaded = new Map<string, Promise<SpaceLogSigner>>();
  return {
    origin: (space) => spaceLogOrigin(host, space),
    signerFor(db, space) {
      const cached = loaded.get(space);
      if (cached !== undefined) return cached;
      const loading = spaceLogSigner(db, vault, space, spaceLogOrigin(host, space));
      loaded.set(space, loading);
      loading.catch(() => {
        if (loaded.get(space) === loading) loaded.delete(space);
      });
      return loading;
    },
    forget(space) {
      loaded.delete(space);
    },
  };
}
