/**
 * Shared set-up of the sealer and receipt suites: a vault, spaces with keys, entries, and an independent
 * in-memory copy of each log (src/log only) to check what the store signs against. Test helper.
 */
import { randomBytes } from "../../../src/log/crypto.js";
import { createAppender } from "../../../src/log/merkle/appender.js";
import { leafHash } from "../../../src/log/merkle/hash.js";
import { createMemoryHashStore, type MemoryHashStore } from "../../../src/log/merkle/index.js";
import type { Database } from "../../../src/store/database.js";
import { createKeyVault, type KeyVault } from "../../../src/store/keys/key-vault.js";
import { createSpaceKey } from "../../../src/store/keys/space-keys.js";
import { appendEntries } from "../../../src/store/log/append-entries.js";

/** A vault under a fresh random master key. */
export function freshVault(): KeyVault {
  return createKeyVault(randomBytes(32));
}

/** Gives `space` a signing key. */
export async function addSpaceKey(db: Database, vault: KeyVault, space: string): Promise<void> {
  await db.spaceTransaction(space, (w) => createSpaceKey(w, vault));
}

/** Entries `from`…`to − 1` of a space, distinct per space, of varied lengths. */
export function entries(space: string, from: number, to: number): Uint8Array[] {
  return Array.from({ length: to - from }, (_, i) =>
    new TextEncoder().encode(`${space} entry ${from + i} ${"x".repeat((from + i) % 17)}`),
  );
}

/**
 * An independent copy of a log, built with src/log alone: the roots and node hashes the store's tree
 * must have, whatever the store holds.
 */
export interface Mirror {
  readonly all: Uint8Array[];
  readonly nodes: MemoryHashStore;
  /** MTH of the first `size` entries. */
  rootAt(size: number): Uint8Array;
  append(batch: readonly Uint8Array[]): void;
}

/** Creates an empty mirror. */
export function createMirror(): Mirror {
  const appender = createAppender();
  const nodes = createMemoryHashStore();
  const roots: Uint8Array[] = [appender.root()];
  const all: Uint8Array[] = [];
  return {
    all,
    nodes,
    rootAt(size) {
      const root = roots[size];
      if (root === undefined) throw new Error(`the mirror has no tree of size ${size}`);
      return root;
    },
    append(batch) {
      for (const e of batch) {
        all.push(e);
        nodes.putSync(appender.append(leafHash(e)));
        roots.push(appender.root());
      }
    },
  };
}

/** Appends `batch` to the space in the store and to its mirror. */
export async function appendBoth(
  db: Database,
  space: string,
  mirror: Mirror,
  batch: readonly Uint8Array[],
) {
  const result = await db.spaceTransaction(space, (w) => appendEntries(w, batch));
  mirror.append(batch);
  return result;
}
