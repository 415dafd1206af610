/**
 * EVTX use cases: reading files (plain or `.gz`), buffers and streams into per-record items with worker
 * threads across chunks, and gathering `evtx info` facts.
 */
export { type ChunkPiece, chunksOf, chunksOfStream, type EvtxInput } from './chunk-source.js';
export { type EvtxFileInfo, evtxInfo } from './evtx-info.js';
export type {
  EvtxErrorItem,
  EvtxFormat,
  EvtxItem,
  EvtxRecordItem,
  EvtxValueOf,
} from './evtx-item.js';
export { fastCrc32 } from './native-crc.js';
export {
  type EvtxTextBlock,
  type NamedEvtxInput,
  type ReadEvtxOptions,
  readEvtxFiles,
  readEvtxInputs,
  readEvtxText,
} from './read-evtx.js';
export { workerScript } from './worker-pool.js';
