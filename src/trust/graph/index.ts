/** Trust graphs: the public API of src/trust/graph. */
export { coalesce } from "./coalesce.js";
export { buildGraph, type EdgeList, type Graph, outDegree, transpose } from "./csr.js";
export { EDGE_KINDS, type EdgeKind, edgeKindCode, edgeKindOf, signedWeight } from "./edge-kind.js";
export {
  type BuiltGraph,
  buildTrustGraph,
  createGraphBuilder,
  type EdgeRecord,
  type GraphBuilder,
  type GraphBuilderOptions,
} from "./graph-builder.js";
export { createIdTable, type IdTable } from "./id-table.js";
export {
  type AdjacencyStorage,
  type InAdjacency,
  inAdjacency,
  type WalkOptions,
} from "./in-adjacency.js";
export { type ComponentOrder, componentsUpstreamFirst } from "./strong-components.js";
