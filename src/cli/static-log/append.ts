/**
 * `fabrique log append`: extends a static C2SP log directory. The recipe:
 *   1. open the existing checkpoint (if any) with the log's own key;
 *   2. resume the tree from its right frontier, read from tiles authenticated against that checkpoint;
 *   3. append the new entries, keeping the new node hashes in memory;
 *   4. write every tile and entry bundle the tree gained or widened (tlog-tiles), each atomically;
 *   5. prove the new tree consistent with the old checkpoint (RFC 9162 §2.1.4), then
 *   6. sign and write the checkpoint last, durably: until then readers see the old, complete log.
 */
import { join } from "node:path";
import { directoryFetcher } from "../../audit/fetch/fetchers.js";
import { readFileIfExists, writeFileAtomic } from "../../audit/fetch/files.js";
import { type Checkpoint, openCheckpoint, signCheckpoint } from "../../log/checkpoint/index.js";
import type { Digest } from "../../log/crypto.js";
import { LogError } from "../../log/errors.js";
import {
  consistencyProof,
  createAppender,
  createMemoryHashStore,
  type HashReader,
  leafHash,
  type MemoryHashStore,
  type NodeId,
  readFrontier,
  verifyConsistency,
} from "../../log/merkle/index.js";
import {
  ed25519SignerOfKey,
  ed25519VerifierOfKey,
  MAX_NOTE_SIZE,
  parseSignerKey,
  type SignerKey,
  verifierKeyOfSigner,
} from "../../log/note/index.js";
import {
  createTileReader,
  encodeEntryBundle,
  encodeTile,
  entryBundlePath,
  FULL_TILE_WIDTH,
  type Tile,
  type TileReader,
  tileNodeIds,
  tilePath,
  tilesAddedBetween,
} from "../../log/tiles/index.js";
import { CliError } from "../cli-error.js";
import type { Progress } from "../progress.js";

export interface AppendResult {
  readonly oldSize: number;
  readonly size: number;
  readonly checkpoint: string;
  readonly tilesWritten: number;
}

interface OldTree {
  readonly size: number;
  readonly reader: TileReader | undefined;
}

/**
 * Appends `entries` to the log in `dir`, signing with the signer key text `skey`.
 *
 * @example await appendEntries("site", skeyText, [Buffer.from("hello")])
 */
export async function appendEntries(
  dir: string,
  skey: string,
  entries: readonly Uint8Array[],
  report?: Progress,
): Promise<AppendResult> {
  const key = parseSignerKey(skey.trim());
  if (key.kind !== "ed25519")
    throw new CliError("input", "the log key must be an Ed25519 (0x01) key");
  const old = await openOldTree(dir, key);
  const appender = createAppender(
    old.reader === undefined ? undefined : await readFrontier(old.reader, old.size),
  );
  const fresh = createMemoryHashStore();
  entries.forEach((entry, i) => {
    fresh.putSync(appender.append(leafHash(entry)));
    if (i % 4096 === 0) report?.update(i, entries.length);
  });
  report?.update(entries.length, entries.length);
  const tree = combinedReader(old, fresh);
  const tilesWritten = await writeTiles(dir, tree, old, entries);
  const root = appender.root();
  if (old.reader !== undefined && old.size > 0) {
    await requireConsistent(tree, old.size, old.reader.head.rootHash, appender.size, root);
  }
  // The key name is the origin (tlog-checkpoint: the origin line names the log; see log keygen).
  const checkpoint: Checkpoint = {
    origin: key.name,
    size: appender.size,
    rootHash: root,
    extensions: [],
  };
  const signed = signCheckpoint(checkpoint, [ed25519SignerOfKey(key)]);
  await writeFileAtomic(join(dir, "checkpoint"), signed, { durable: true });
  return { oldSize: old.size, size: appender.size, checkpoint: signed, tilesWritten };
}

/** The existing log, if any, opened with the log's key and ready to read authenticated tiles. */
async function openOldTree(dir: string, key: SignerKey): Promise<OldTree> {
  const text = await readFileIfExists(join(dir, "checkpoint"), MAX_NOTE_SIZE);
  if (text === undefined) return { size: 0, reader: undefined };
  const logVerifier = ed25519VerifierOfKey(verifierKeyOfSigner(key));
  const { checkpoint } = openCheckpoint(text, { logVerifier });
  if (checkpoint.size === 0) return { size: 0, reader: undefined };
  const reader = createTileReader(checkpoint, directoryFetcher(dir));
  return { size: checkpoint.size, reader };
}

/** Nodes inside the old tree come from its authenticated tiles; newer ones from memory. */
function combinedReader(old: OldTree, fresh: MemoryHashStore): HashReader {
  const inOld = (id: NodeId) => (id.index + 1) * 2 ** id.level <= old.size;
  return {
    async get(ids) {
      const oldIds = ids.filter(inOld);
      const oldHashes = oldIds.length > 0 && old.reader ? await old.reader.get(oldIds) : [];
      let next = 0;
      return ids.map((id) =>
        inOld(id) ? (oldHashes[next++] as Digest) : (fresh.getSync([id])[0] as Digest),
      );
    },
  };
}

/** Writes the tiles and bundles gained or widened since the old size; returns how many files. */
async function writeTiles(
  dir: string,
  tree: HashReader,
  old: OldTree,
  entries: readonly Uint8Array[],
): Promise<number> {
  const newSize = old.size + entries.length;
  const oldBundle = await oldPartialBundle(old);
  let written = 0;
  for (const tile of tilesAddedBetween(old.size, newSize)) {
    await writeFileAtomic(join(dir, tilePath(tile)), encodeTile(await tree.get(tileNodeIds(tile))));
    written += 1;
    if (tile.level === 0) {
      const bundle = bundleEntries(tile, old.size, oldBundle, entries);
      await writeFileAtomic(join(dir, entryBundlePath(tile)), encodeEntryBundle(bundle));
      written += 1;
    }
  }
  return written;
}

/** The entries of the old tree's last, partial level-0 tile, which the new bundle must repeat. */
async function oldPartialBundle(old: OldTree): Promise<readonly Uint8Array[]> {
  const first = old.size - (old.size % FULL_TILE_WIDTH);
  if (old.reader === undefined || first === old.size) return [];
  const indices = Array.from({ length: old.size - first }, (_, i) => first + i);
  return old.reader.readEntries(indices);
}

function bundleEntries(
  tile: Tile,
  oldSize: number,
  oldBundle: readonly Uint8Array[],
  entries: readonly Uint8Array[],
): Uint8Array[] {
  const first = tile.index * FULL_TILE_WIDTH;
  const out: Uint8Array[] = [];
  for (let leaf = first; leaf < first + tile.width; leaf++) {
    const entry =
      leaf < oldSize ? oldBundle[leaf - (oldSize - oldBundle.length)] : entries[leaf - oldSize];
    if (entry === undefined) throw new LogError("missing", `entry ${leaf} is not available`);
    out.push(entry);
  }
  return out;
}

/** Belt and braces: the tree we are about to sign extends the one the old checkpoint committed to. */
async function requireConsistent(
  tree: HashReader,
  oldSize: number,
  oldRoot: Digest,
  newSize: number,
  newRoot: Digest,
): Promise<void> {
  const proof = await consistencyProof(tree, oldSize, newSize);
  verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof });
}
