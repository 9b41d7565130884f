/**
 * An in-memory HashStore: one growable contiguous byte array per level, node (level, index) at byte offset
 * index·32. A Map of 32-byte arrays would cost ~100 bytes of overhead per node and GC pressure; this costs
 * 32 bytes per slot (up to 2× while the array waits to be filled after a doubling) plus one presence bit.
 *
 * Limits: a level holds at most MAX_SLOTS_PER_LEVEL nodes (a typed array is at most 2^32 bytes in Node 20),
 * i.e. about 134M leaves; levels are 0..63. Beyond that, put throws LogError("too-large").
 */
import type { Digest } from "../crypto.js";
import { LogError } from "../errors.js";
import { HASH_SIZE } from "./hash.js";
import type { HashStore, NodeId, StoredNode } from "./hash-store.js";
import { requireHashSize } from "./subtrees.js";

/** The most nodes one level can hold: 2^32 bytes of 32-byte slots. */
export const MAX_SLOTS_PER_LEVEL = 2 ** 32 / HASH_SIZE;

const MAX_LEVEL = 63;
const INITIAL_SLOTS = 1024;

/** A HashStore that also answers synchronously (for the appender's caller and benchmarks). */
export interface MemoryHashStore extends HashStore {
  /** Like get, without a promise; throws LogError("missing") if any id is absent. */
  getSync(ids: readonly NodeId[]): Digest[];
  /** Like put, without a promise. */
  putSync(nodes: readonly StoredNode[]): void;
  /** True when the node is stored. */
  has(id: NodeId): boolean;
  /** Bytes currently reserved for hashes and presence bits, across all levels. */
  byteLength(): number;
}

interface Level {
  slots: Uint8Array;
  present: Uint8Array;
}

/**
 * Creates an empty in-memory store.
 *
 * @example
 * const store = createMemoryHashStore()
 * store.putSync(appender.append(leafHash(entry)))
 * const [leaf] = store.getSync([{ level: 0, index: 0 }])
 */
export function createMemoryHashStore(): MemoryHashStore {
  const levels: Level[] = [];

  function slotOffset(id: NodeId): number | undefined {
    const level = levels[id.level];
    if (level === undefined || !Number.isInteger(id.index) || id.index < 0) return undefined;
    if (id.index * HASH_SIZE >= level.slots.length) return undefined;
    const bit = level.present[id.index >>> 3] ?? 0;
    return (bit >> (id.index & 7)) & 1 ? id.index * HASH_SIZE : undefined;
  }

  function getSync(ids: readonly NodeId[]): Digest[] {
    const out: Digest[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as NodeId;
      const offset = slotOffset(id);
      if (offset === undefined) {
        throw new LogError(
          "missing",
          `no hash stored for node (level ${id.level}, index ${id.index})`,
        );
      }
      // A copy: callers must not be able to rewrite a stored hash through the returned array.
      out[i] = (levels[id.level] as Level).slots.slice(offset, offset + HASH_SIZE);
    }
    return out;
  }

  function putSync(nodes: readonly StoredNode[]): void {
    for (const node of nodes) putOne(node);
  }

  function putOne({ id, hash }: StoredNode): void {
    requireValidId(id);
    requireHashSize(hash, `hash of node (level ${id.level}, index ${id.index})`, "malformed");
    const level = levelWithRoomFor(id);
    const offset = id.index * HASH_SIZE;
    const byte = id.index >>> 3;
    const mask = 1 << (id.index & 7);
    const present = (level.present[byte] as number) & mask;
    if (present) {
      requireSameHash(level.slots, offset, hash, id);
      return;
    }
    level.slots.set(hash, offset);
    level.present[byte] = (level.present[byte] as number) | mask;
  }

  function levelWithRoomFor(id: NodeId): Level {
    let level = levels[id.level];
    if (level === undefined) {
      for (let l = levels.length; l <= id.level; l += 1) levels.push(newLevel(0));
      level = levels[id.level] as Level;
    }
    const capacity = level.slots.length / HASH_SIZE;
    if (id.index < capacity) return level;
    const grown = newLevel(grownCapacity(capacity, id.index));
    grown.slots.set(level.slots);
    grown.present.set(level.present);
    levels[id.level] = grown;
    return grown;
  }

  return {
    getSync,
    putSync,
    get: async (ids) => getSync(ids),
    put: async (nodes) => putSync(nodes),
    has: (id) => slotOffset(id) !== undefined,
    byteLength: () => levels.reduce((n, l) => n + l.slots.length + l.present.length, 0),
  };
}

function newLevel(capacity: number): Level {
  return { slots: new Uint8Array(capacity * HASH_SIZE), present: new Uint8Array(capacity / 8) };
}

/** Doubling keeps appends amortized O(1) copies; capacities stay powers of two (so bytes of 8 bits). */
function grownCapacity(capacity: number, index: number): number {
  let next = Math.max(capacity, INITIAL_SLOTS);
  while (next <= index) next *= 2;
  return Math.min(next, MAX_SLOTS_PER_LEVEL);
}

function requireValidId(id: NodeId): void {
  if (!Number.isInteger(id.level) || id.level < 0 || id.level > MAX_LEVEL) {
    throw new LogError(
      "malformed",
      `node level ${id.level} is not an integer in [0, ${MAX_LEVEL}]`,
    );
  }
  if (!Number.isSafeInteger(id.index) || id.index < 0) {
    throw new LogError("malformed", `node index ${id.index} is not a non-negative integer`);
  }
  if (id.index >= MAX_SLOTS_PER_LEVEL) {
    throw new LogError(
      "too-large",
      `node index ${id.index} exceeds the in-memory store's ${MAX_SLOTS_PER_LEVEL} nodes per level`,
    );
  }
}

/** Stored hashes never change (hash-store.ts); a different hash for a stored node is a forked tree. */
function requireSameHash(slots: Uint8Array, offset: number, hash: Uint8Array, id: NodeId): void {
  for (let i = 0; i < HASH_SIZE; i += 1) {
    if (slots[offset + i] !== hash[i]) {
      throw new LogError(
        "inconsistent",
        `node (level ${id.level}, index ${id.index}) already holds a different hash`,
      );
    }
  }
}
