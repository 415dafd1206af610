/**
 * Per-chunk parsing state. One context lives as long as its chunk is being read, so every name and every
 * template definition is decoded once per chunk and shared by all records that reference it.
 */
import type { ChunkContext, EvtxLimits } from './binxml-node.js';

export const DEFAULT_LIMITS: EvtxLimits = { maxDepth: 64, maxNodesPerRecord: 200_000 };

/** Creates the context for one chunk. */
export function createChunkContext(
  bytes: Uint8Array,
  fileOffset: number,
  limits: EvtxLimits = DEFAULT_LIMITS,
): ChunkContext {
  return { bytes, fileOffset, names: new Map(), templates: new Map(), limits, carving: false };
}
