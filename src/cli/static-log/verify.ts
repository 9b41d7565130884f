/**
 * `fabrique log verify`: checks a static C2SP log from its public files alone. The recipe:
 *   1. open the checkpoint with the log's verifier key (c2sp.org/signed-note, tlog-checkpoint);
 *   2. recompute the whole tree from the level-0 tiles, checking every entry bundle against its tile;
 *   3. compare every higher tile with the nodes recomputed (so no tile file is left unchecked);
 *   4. compare the recomputed root with the checkpoint's (RFC 9162 §2.1.1);
 *   5. with an old checkpoint, prove the new tree consistent with it (RFC 9162 §2.1.4).
 * Memory stays bounded: one tile per level is buffered, whatever the log's size.
 */

import { type Checkpoint, openCheckpoint } from "../../log/checkpoint/index.js";
import type { Digest } from "../../log/crypto.js";
import { LogError } from "../../log/errors.js";
import {
  consistencyProof,
  createAppender,
  sameBytes,
  verifyConsistency,
} from "../../log/merkle/index.js";
import { type NoteVerifier, verifierFromKey } from "../../log/note/index.js";
import {
  createTileReader,
  encodeTile,
  FULL_TILE_WIDTH,
  fetchEntryBundle,
  fetchTileHashes,
  TILE_HEIGHT,
  type Tile,
  type TileFetcher,
  tilePath,
  tilesOfTree,
  verifyEntryBundle,
} from "../../log/tiles/index.js";
import type { Progress } from "../progress.js";

export interface VerifyResult {
  readonly checkpoint: Checkpoint;
  readonly tilesChecked: number;
  readonly consistentWith?: number;
}

/** How many level-0 tiles and bundles are fetched at once. */
const FETCH_WINDOW = 16;

/**
 * Verifies the log that `fetcher` serves against the verifier key text `vkey`.
 *
 * @example await verifyStaticLog(directoryFetcher("site"), vkeyText)
 */
export async function verifyStaticLog(
  fetcher: TileFetcher,
  vkey: string,
  options: { readonly oldCheckpoint?: string; readonly report?: Progress } = {},
): Promise<VerifyResult> {
  const logVerifier = verifierFromKey(vkey.trim());
  const { checkpoint } = openCheckpoint(await fetcher.fetch("checkpoint"), { logVerifier });
  const tilesChecked = await recomputeTree(fetcher, checkpoint, options.report);
  if (options.oldCheckpoint === undefined) return { checkpoint, tilesChecked };
  const oldSize = await proveConsistency(fetcher, checkpoint, options.oldCheckpoint, logVerifier);
  return { checkpoint, tilesChecked, consistentWith: oldSize };
}

async function recomputeTree(
  fetcher: TileFetcher,
  checkpoint: Checkpoint,
  report: Progress | undefined,
): Promise<number> {
  const appender = createAppender();
  const upper = upperTileChecker(fetcher);
  const leafTiles = [...tilesOfTree(checkpoint.size)].filter((tile) => tile.level === 0);
  for (let start = 0; start < leafTiles.length; start += FETCH_WINDOW) {
    const window = leafTiles.slice(start, start + FETCH_WINDOW);
    const fetched = await Promise.all(window.map((tile) => fetchCheckedLeafTile(fetcher, tile)));
    for (const hashes of fetched) {
      for (const hash of hashes) {
        for (const node of appender.append(hash)) await upper.add(node.id.level, node.hash);
      }
    }
    report?.update(
      Math.min(checkpoint.size, (start + window.length) * FULL_TILE_WIDTH),
      checkpoint.size,
    );
  }
  await upper.finish();
  if (!sameBytes(appender.root(), checkpoint.rootHash)) {
    throw new LogError(
      "inconsistent",
      "the root recomputed from the tiles differs from the checkpoint's",
    );
  }
  return leafTiles.length * 2 + upper.checked();
}

/** A level-0 tile whose entry bundle hashes to its leaf hashes (tlog-tiles §Entry bundles). */
async function fetchCheckedLeafTile(fetcher: TileFetcher, tile: Tile): Promise<Digest[]> {
  const [hashes, entries] = await Promise.all([
    fetchTileHashes(fetcher, tile),
    fetchEntryBundle(fetcher, tile),
  ]);
  try {
    verifyEntryBundle(entries, hashes);
  } catch (error) {
    throw new LogError(
      "inconsistent",
      `tile/entries for ${tilePath(tile)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return hashes;
}

/**
 * Collects the recomputed nodes at tile levels 1, 2, … (tree levels 8, 16, …) and compares each
 * completed tile, then the final partial ones, with the files the log serves.
 */
function upperTileChecker(fetcher: TileFetcher) {
  const buffers = new Map<number, Digest[]>();
  const indices = new Map<number, number>();
  let checked = 0;

  async function compare(level: number, hashes: readonly Digest[]): Promise<void> {
    const index = indices.get(level) ?? 0;
    const tile: Tile = { level, index, width: hashes.length };
    const served = await fetchTileHashes(fetcher, tile);
    if (!sameBytes(encodeTile(served), encodeTile(hashes))) {
      throw new LogError(
        "inconsistent",
        `${tilePath(tile)} differs from the hashes of the tiles below it`,
      );
    }
    indices.set(level, index + 1);
    checked += 1;
  }

  return {
    async add(nodeLevel: number, hash: Digest): Promise<void> {
      if (nodeLevel === 0 || nodeLevel % TILE_HEIGHT !== 0) return;
      const level = nodeLevel / TILE_HEIGHT;
      const buffer = buffers.get(level) ?? [];
      buffer.push(hash);
      buffers.set(level, buffer);
      if (buffer.length === FULL_TILE_WIDTH) {
        await compare(level, buffer);
        buffers.set(level, []);
      }
    },
    async finish(): Promise<void> {
      for (const [level, buffer] of [...buffers].sort(([a], [b]) => a - b)) {
        if (buffer.length > 0) await compare(level, buffer);
      }
    },
    checked: () => checked,
  };
}

/** Proves the served tree extends the tree of an older checkpoint signed by the same key. */
async function proveConsistency(
  fetcher: TileFetcher,
  checkpoint: Checkpoint,
  oldText: string,
  logVerifier: NoteVerifier,
): Promise<number> {
  const old = openCheckpoint(oldText, { logVerifier }).checkpoint;
  if (old.size > checkpoint.size) {
    throw new LogError(
      "inconsistent",
      `the old checkpoint (size ${old.size}) is larger than the served one (size ${checkpoint.size})`,
    );
  }
  const proof =
    old.size === 0 || old.size === checkpoint.size
      ? []
      : await consistencyProof(createTileReader(checkpoint, fetcher), old.size, checkpoint.size);
  if (old.size > 0) {
    verifyConsistency({
      oldSize: old.size,
      newSize: checkpoint.size,
      oldRoot: old.rootHash,
      newRoot: checkpoint.rootHash,
      proof,
    });
  }
  return old.size;
}
