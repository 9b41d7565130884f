/**
 * The unweighted walk of a graph for the power iteration, built straight from its CSR out-edges into the
 * rank kernels' WebAssembly memory as source segments (a cache-blocked pull: one segment's ranks stay
 * in L2 while its entries are read in order) with the row pull's two accumulators (wasm-pair-kernels.ts), so the ranks are the row pull's bit for
 * bit. Why straight from the graph: built from the transposed CSR (in-adjacency.ts), the segments
 * need its 4 bytes of sources per edge alive while they are laid out, which at 30M edges took the
 * power solver's peak to 668 MiB, past the 600 MB; here the one copy of the edges besides the
 * graph is the segments' (4 bytes per edge), and no outWeight array is kept (the scale is written
 * where the kernels read it).
 *
 * An entry is one 32-bit word: its target's distance from the previous entry's target in the segment
 * in the low 15 bits (0 for the same target; a longer gap is bridged by fillers that read the
 * workspace's zero slot), the parity of the edge's position in its target's row (sources ascending, as
 * in-adjacency.ts orders them) in bit 15, its source's offset in the segment in the high 16 bits.
 */
import type { Graph } from "../graph/csr.js";
import { STAGE_EDGES, type StageRoom, staging } from "./segment-staging.js";
import { instantiateKernels, type WasmKernels } from "./wasm-kernels.js";
import { BLOCK_NODES } from "./wasm-pair-build.js";
import { PAIR_MAX_GAP as MAX_GAP, PAIR_SEGMENT_SIZE as SEGMENT_SIZE } from "./wasm-pair-kernels.js";

/** The kernels take byte offsets as i32 arguments: below 2^31, none reads as negative. */
const MAX_MEMORY_BYTES = 2 ** 31;

/** A walk laid out as pair segments in a kernels' memory, with the power iteration's vectors. */
export interface SegmentWalk {
  readonly kind: "segment-walk";
  readonly nodeCount: number;
  /** Kept edges. */
  readonly edgeCount: number;
  /** 1/out-degree where a node has kept out-edges, 1 where it has none (power-iteration.ts's scale). */
  readonly scale: Float64Array;
  /** Nodes without kept out-edges, ascending. */
  readonly danglingNodes: Uint32Array;
  /** The ranks, y = x·scale, and the restart distribution (when asked for): views in the memory. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly restart: Float64Array | undefined;
  /** Per node the pull's two accumulators, zero outside a step. */
  readonly pairs: Float64Array;
  /**
   * One step: pairs ← the pull of y, then x (as the mode asks) and y from them, pairs zeroed again;
   * returns the L1 change when the mode is CHECK (power-step.ts's modes), else 0. The restart term is
   * `uniform`, or base·restart[v] when `withRestart` (the walk's restart view filled by the caller).
   */
  step(mode: number, damping: number, uniform: number, base: number, withRestart: boolean): number;
}

/** Which edges the walk follows (in-adjacency.ts's WalkOptions without weights). */
export interface SegmentWalkOptions {
  /** Follow only edges of positive weight. Default false. */
  readonly positiveOnly?: boolean;
  /** Reserve room for a restart distribution. Default false. */
  readonly withRestart?: boolean;
}

/**
 * Lays out the unweighted walk over `g` as pair segments in a fresh kernels' memory: O(m + n·segments)
 * (the runs' scan, 16 targets a step with SIMD) with temporaries in the room of the iteration's
 * vectors: a cursor and a parity per target, and a word per edge of a segment (buildRoom). Undefined
 * without WebAssembly or past what its 32-bit addresses take.
 *
 * @example const walk = segmentWalk(g, { positiveOnly: true }); if (walk) powerIterate(walk, options)
 */
export function segmentWalk(g: Graph, options: SegmentWalkOptions = {}): SegmentWalk | undefined {
  const n = g.nodeCount;
  const positiveOnly = options.positiveOnly ?? false;
  const segments = Math.max(1, Math.ceil(n / SEGMENT_SIZE));
  // A segment's gaps sum to at most n − 1 and a filler takes MAX_GAP of it.
  const fillers = segments * Math.floor(Math.max(0, n - 1) / MAX_GAP);
  const entriesAt = align8(4 * (segments + 1));
  const workspaceAt = align8(entriesAt + 4 * (g.edgeCount + fillers));
  const scaleAt = workspaceAt + 8 * (SEGMENT_SIZE + 1);
  const [xAt, yAt, pairsAt] = [scaleAt + 8 * n, scaleAt + 16 * n, scaleAt + 24 * n];
  const restartAt = pairsAt + 16 * n;
  const room = buildRoom(n, scaleAt, restartAt);
  const bytes = Math.max(restartAt + (options.withRestart === true ? 8 * n : 0), room.end);
  if (bytes > MAX_MEMORY_BYTES) return undefined;
  let kernels: WasmKernels | undefined;
  try {
    kernels = instantiateKernels(bytes, true);
  } catch {
    return undefined; // no address space for it: the caller's row pull
  }
  if (kernels === undefined) return undefined;
  const { buffer } = kernels.memory;
  const { kept, dangling } = layOut(
    g,
    positiveOnly,
    kernels,
    { entries: entriesAt, scale: scaleAt },
    room,
  );
  const view = (at: number, length = n) => new Float64Array(buffer, at, length);
  const { pairPull, pairFinish } = kernels;
  const hasRestart = options.withRestart === true;
  return {
    kind: "segment-walk",
    nodeCount: n,
    edgeCount: kept,
    scale: view(scaleAt),
    danglingNodes: dangling,
    x: view(xAt),
    y: view(yAt),
    restart: hasRestart ? view(restartAt) : undefined,
    pairs: view(pairsAt, 2 * n),
    step(mode, damping, uniform, base, withRestart) {
      if (withRestart && !hasRestart) throw new RangeError("the walk was built without a restart");
      const restart = withRestart ? restartAt : 0;
      pairPull(0, entriesAt, workspaceAt, yAt, pairsAt, segments, n);
      return pairFinish(pairsAt, yAt, scaleAt, xAt, restart, n, mode, damping, uniform, base);
    },
  };
}

/** Byte offsets of the build's temporaries, in the room the iteration's vectors use later. */
interface BuildRoom extends StageRoom {
  readonly cursor: number;
  readonly parity: number;
  /** pairSplit's block cursors: a word per target block. */
  readonly blockEnds: number;
  /** pairRuns' last target with a run, carried from block to block. */
  readonly last: number;
  /** The split words of a segment's stages, room for `capacity` of them. */
  readonly words: number;
  readonly capacity: number;
}

/**
 * The room after scale: a word per node for the cursor, a byte for the parity, the stage, the block
 * cursors, then the split words up to where the iteration's vectors end (`vectorsEnd`: x, y and the
 * pairs, 32 bytes per node, are written only once the build is done, so the words take no memory the
 * solve would not; 6.7 words per node: a segment of 65,535 nodes at 30M edges and 2M nodes, 1M
 * words, fits 13 times over), and at least a stage of them.
 */
function buildRoom(
  n: number,
  scaleAt: number,
  vectorsEnd: number,
): BuildRoom & { readonly end: number } {
  const cursor = scaleAt + 8 * n;
  const parity = cursor + 4 * n;
  const stageOffsets = align8(parity + n);
  const stageTargets = stageOffsets + 4 * (Math.min(n, SEGMENT_SIZE) + 1);
  const blockEnds = stageTargets + 4 * STAGE_EDGES;
  const last = blockEnds + 4 * Math.max(1, Math.ceil(n / BLOCK_NODES));
  const words = align8(last + 4);
  const capacity = Math.max(STAGE_EDGES, Math.floor((vectorsEnd - words) / 4));
  return {
    cursor,
    parity,
    stageOffsets,
    stageTargets,
    blockEnds,
    last,
    words,
    capacity,
    end: words + 4 * capacity,
  };
}

/**
 * Fills starts, entries and scale, segment by segment, in the kernels (wasm-pair-kernels.ts,
 * wasm-pair-build.ts): the segment's kept out-edges (contiguous in the CSR) staged and split by target
 * block, each block's words counted by target, each target's run placed in ascending target order
 * (fillers before it), then each block's words placed in ascending source order, each taking its
 * target's next parity. A segment whose words outgrow their room is counted as it is split, and
 * staged and split again to be placed. Entries start zero (a fresh memory).
 */
function layOut(
  g: Graph,
  positiveOnly: boolean,
  kernels: WasmKernels,
  at: { readonly entries: number; readonly scale: number },
  room: BuildRoom,
): { kept: number; dangling: Uint32Array } {
  const n = g.nodeCount;
  const { buffer } = kernels.memory;
  const segments = Math.max(1, Math.ceil(n / SEGMENT_SIZE));
  const blocks = Math.max(1, Math.ceil(n / BLOCK_NODES));
  const starts = new Uint32Array(buffer, 0, segments + 1);
  const cursor = new Uint32Array(buffer, room.cursor, n);
  const blockEnds = new Uint32Array(buffer, room.blockEnds, blocks);
  const stage = staging(g, positiveOnly, buffer, room);
  /** Per stage split: where its words start, then where each block's end. */
  let pieces: Uint32Array[] = [];
  let used = 0;
  const split = (first: number, rows: number, count: number, lo: number) => {
    kernels.pairSplit(
      room.stageOffsets,
      room.stageTargets,
      rows,
      first - lo,
      blocks,
      room.blockEnds,
      room.words,
      used,
    );
    const piece = new Uint32Array(blocks + 1);
    piece[0] = used;
    piece.set(blockEnds, 1);
    pieces.push(piece);
    used += count;
  };
  /** Visits block b's words in every piece, in stage order (so each target's sources ascending). */
  const eachPiece = (
    b: number,
    visit: (words: number, count: number, cursorAt: number) => void,
  ) => {
    for (const piece of pieces) {
      const from = piece[b] as number;
      const count = (piece[b + 1] as number) - from;
      if (count > 0) visit(room.words + 4 * from, count, room.cursor + 4 * b * BLOCK_NODES);
    }
  };
  const tally = (b: number) =>
    eachPiece(b, (words, count, c) => kernels.pairTally(words, count, c));
  const place = (b: number) =>
    eachPiece(b, (words, count, c) => kernels.pairPlace(words, count, c, at.entries));
  const lastTarget = new Uint32Array(buffer, room.last, 1);
  let p = 0;
  const runs = (b: number) => {
    const from = b * BLOCK_NODES;
    const to = Math.min(n, from + BLOCK_NODES);
    p = kernels.pairRuns(room.cursor, room.parity, from, to, at.entries, p, room.last);
  };
  for (let s = 0; s < segments; s++) {
    const lo = s * SEGMENT_SIZE;
    const hi = Math.min(n, lo + SEGMENT_SIZE);
    [pieces, used] = [[], 0];
    let spilled = false;
    stage(lo, hi, (first, rows, count) => {
      if (used + count > room.capacity) {
        for (let b = 0; b < blocks; b++) tally(b);
        [pieces, used, spilled] = [[], 0, true];
      }
      split(first, rows, count, lo);
    });
    starts[s] = p;
    lastTarget[0] = 0;
    if (!spilled) {
      // Block by block, each block's cursors (256 KiB) and its slice of the entries staying in L2 from
      // the count to the placement; the runs go on in ascending targets across blocks.
      for (let b = 0; b < blocks; b++) {
        tally(b);
        runs(b);
        place(b);
        cursor.fill(0, b * BLOCK_NODES, Math.min(n, (b + 1) * BLOCK_NODES));
      }
      continue;
    }
    for (let b = 0; b < blocks; b++) tally(b);
    for (let b = 0; b < blocks; b++) runs(b);
    stage(lo, hi, (first, rows, count) => {
      [pieces, used] = [[], 0];
      split(first, rows, count, lo);
      for (let b = 0; b < blocks; b++) place(b);
    });
    cursor.fill(0);
  }
  starts[segments] = p;
  return scaleOf(g, positiveOnly, new Float64Array(buffer, at.scale, n));
}

/** scale and the dangling nodes from the kept out-degrees (power-iteration.ts's, from outWeight). */
function scaleOf(
  g: Graph,
  positiveOnly: boolean,
  scale: Float64Array,
): { kept: number; dangling: Uint32Array } {
  const { nodeCount: n, offsets, weights } = g;
  const dangling: number[] = [];
  let kept = 0;
  for (let u = 0; u < n; u++) {
    const end = offsets[u + 1] as number;
    let degree = end - (offsets[u] as number);
    if (positiveOnly) {
      degree = 0;
      for (let e = offsets[u] as number; e < end; e++) if ((weights[e] as number) > 0) degree++;
    }
    // in-adjacency.ts sums 1 per kept edge into outWeight: the same integer.
    scale[u] = degree > 0 ? 1 / degree : 1;
    if (degree === 0) dangling.push(u);
    kept += degree;
  }
  return { kept, dangling: Uint32Array.from(dangling) };
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
