/**
 * Native EVTX reader (Windows XML Event Log): file header, chunks, records and BinXml with templates
 * compiled once per chunk; renders records as evtx_dump JSON, XML or flat hunting events; recovers
 * records from slack space. Pure: works on bytes and async iterables of bytes.
 */
export type {
  AttributeNode,
  BinXmlNode,
  ChunkContext,
  ElementNode,
  EvtxLimits,
  TemplateDefinition,
  TemplateValues,
} from './binxml-node.js';
export { compileTemplate, parseBinXml } from './binxml-parser.js';
export { valueTypeName } from './binxml-tokens.js';
export { type EvtxBlock, frameEvtxBlocks } from './block-framer.js';
export { createChunkContext, DEFAULT_LIMITS } from './chunk-context.js';
export {
  CHUNK_HEADER_SIZE,
  CHUNK_SIZE,
  type ChunkHeader,
  hasChunkMagic,
  parseChunkHeader,
} from './chunk-header.js';
export {
  type ChunkReadOptions,
  type ChunkReport,
  type EvtxFailure,
  type EvtxOk,
  type EvtxRenderer,
  type EvtxResult,
  readChunk,
} from './chunk-reader.js';
export { type Crc32Fn, crc32 } from './crc32.js';
export {
  CarveDeduplicator,
  checkFileExtent,
  checkFileHeader,
  chunkOrder,
  type EvtxReadOptions,
  peekFirstRecordId,
  readEvtx,
  readEvtxStream,
  readEvtxStreamChunks,
} from './evtx-reader.js';
export {
  type EvtxRecord,
  recordToFlat,
  recordToFlatJson,
  recordToJson,
  recordToJsonLine,
  recordToXml,
} from './evtx-record.js';
export { addToSummary, type EvtxSummary, emptySummary } from './evtx-summary.js';
export { FILE_HEADER_SIZE, type FileHeader, hasFileMagic, parseFileHeader } from './file-header.js';
export type { FlatEvent, FlatValue } from './flat-sink.js';
export type { JsonObject, JsonValue } from './json-sink.js';
export { hasRecordMagic, parseRecordHeader, type RecordHeader } from './record-header.js';
export { xmlChars } from './xml-text.js';
