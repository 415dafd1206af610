/** Log inputs: bytes of evtx_dump JSON, Winlogbeat/ECS NDJSON, flat NDJSON or event XML → FlatEvents. */
export {
  classifyJsonDocument,
  type FormatSniff,
  isGzip,
  SNIFF_BYTES,
  sniffLogFormat,
} from './detect-format.js';
export { flattenEcs } from './ecs.js';
export { flattenEventXml } from './event-xml.js';
export { flattenEvtxJson } from './evtx-json.js';
export {
  type FlatEvent,
  type FlatValue,
  LOG_FORMATS,
  type LogFormat,
  type LogRecordResult,
  PROTECTED_FIELDS,
  type RecordSource,
} from './flat-event.js';
export { flattenFlatRecord } from './flat-record.js';
export type { JsonValue } from './json-value.js';
export { type ParseLogOptions, parseLogRecordBatches, parseLogRecords } from './parse-log-records.js';
export { type ChunkSource, DEFAULT_MAX_RECORD_BYTES } from './record-frame.js';
export { normaliseTimestamp } from './time-created.js';
export { parseXmlElement, type XmlElement } from './xml-element.js';
