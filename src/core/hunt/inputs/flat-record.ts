/**
 * Flat NDJSON (NXLog `im_msvistalog` / OTRF Security-Datasets / Logstash shape) → FlatEvent. EventData fields sit
 * at the top level next to System fields under NXLog's names; this maps the System ones to the contract's names
 * and drops collector metadata (NXLog module names, receive times, Logstash `@version`/`tags`/`host`/`port`,
 * the rendered `Message`).
 */
import { StormwatchError } from '../../shared/index.js';
import { type FlatEvent, type FlatValue, setDataField } from './flat-event.js';
import { isObject, type JsonObject, type JsonValue, toInteger } from './json-value.js';
import { normaliseTimestamp } from './time-created.js';

/** Keys consumed as System fields or dropped as collector metadata. */
const CONSUMED = new Set([
  'EventID',
  'Channel',
  'Hostname',
  'Computer',
  'SourceName',
  'ProviderName',
  'Provider_Name',
  'ProviderGuid',
  'Provider_Guid',
  'TimeCreated',
  'EventTime',
  '@timestamp',
  'RecordNumber',
  'EventRecordID',
  'ExecutionProcessID',
  'ExecutionThreadID',
  'ThreadID',
  'Keywords',
  'Level',
  'Task',
  'Opcode',
  'OpcodeValue',
  'Version',
  'UserID',
  'ActivityID',
  'RelatedActivityID',
  'EventReceivedTime',
  'SourceModuleName',
  'SourceModuleType',
  'Severity',
  'SeverityValue',
  'EventTypeOrignal',
  'EventTypeOriginal',
  'ERROR_EVT_UNRESOLVED',
  'Message',
  'Category',
  '@version',
  'tags',
  'host',
  'port',
]);

/** NXLog's own rendering of the event level in `EventType` (Sysmon's registry `EventType` values differ). */
const NXLOG_EVENT_TYPES = new Set([
  'INFO',
  'AUDIT_SUCCESS',
  'AUDIT_FAILURE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'VERBOSE',
]);

/** Fields NXLog adds by resolving `UserID`; only dropped when the record carries NXLog metadata. */
const NXLOG_ACCOUNT = ['AccountName', 'AccountType', 'Domain'];

function str(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** NXLog writes Keywords as a signed 64-bit decimal; the contract wants the `0x%016X` rendering. */
function keywords(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) {
    return `0x${BigInt.asUintN(64, BigInt(v)).toString(16).toUpperCase().padStart(16, '0')}`;
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    return `0x${BigInt.asUintN(64, BigInt(v)).toString(16).toUpperCase().padStart(16, '0')}`;
  }
  return str(v);
}

function numberOrText(v: JsonValue | undefined): FlatValue | undefined {
  if (v === undefined || v === null || isObject(v) || Array.isArray(v)) return undefined;
  return toInteger(v) ?? v;
}

function toFlat(v: JsonValue): FlatValue | undefined {
  if (Array.isArray(v)) return v.map((x) => toFlat(x) ?? null);
  if (isObject(v)) return undefined;
  return v;
}

function flattenInto(prefix: string, node: JsonObject, event: FlatEvent): void {
  for (const key in node) {
    const value = node[key] as JsonValue;
    const name = `${prefix}.${key}`;
    const v = toFlat(value);
    if (v !== undefined) setDataField(event, name, v);
    else if (isObject(value)) flattenInto(name, value, event);
  }
}

/** True when a parsed document looks like a flat event (top-level EventID and Channel or Hostname). */
export function isFlatDocument(doc: JsonValue): boolean {
  return (
    isObject(doc) && doc.EventID !== undefined && (doc.Channel !== undefined || doc.Hostname !== undefined)
  );
}

/** Converts one flat record. Throws `HUNT_INPUT_NOT_EVENT` when it has no top-level `EventID`. */
export function flattenFlatRecord(doc: JsonValue): FlatEvent {
  if (!isObject(doc) || doc.EventID === undefined) {
    throw new StormwatchError({
      code: 'HUNT_INPUT_NOT_EVENT',
      kind: 'input',
      message: 'JSON document is not a flat event log record: no top-level "EventID"',
      hint: 'Flat NDJSON needs EventID, Channel and the EventData fields at top level; use --format otherwise.',
    });
  }
  const event: FlatEvent = {};
  const eventId = toInteger(doc.EventID);
  event.EventID = eventId ?? numberOrText(doc.EventID) ?? null;
  const channel = str(doc.Channel);
  if (channel !== undefined) event.Channel = channel;
  const provider = str(doc.Provider_Name) ?? str(doc.ProviderName) ?? str(doc.SourceName);
  if (provider !== undefined) event.Provider_Name = provider;
  const guid = str(doc.Provider_Guid) ?? str(doc.ProviderGuid);
  if (guid !== undefined) event.Provider_Guid = guid;
  const hostObject = isObject(doc.host) ? str(doc.host.name) : undefined;
  const computer = str(doc.Computer) ?? str(doc.Hostname) ?? hostObject;
  if (computer !== undefined) event.Computer = computer;

  // TimeCreated with a zone wins; then Logstash's @timestamp (UTC); then zone-less NXLog times taken as UTC.
  const candidates = [str(doc.TimeCreated), str(doc['@timestamp']), str(doc.EventTime)];
  const zoned = candidates.find((t) => t !== undefined && /(Z|[+-]\d{2}:?\d{2})$/i.test(t.trim()));
  const chosen = zoned ?? candidates.find((t) => t !== undefined);
  if (chosen !== undefined) event.TimeCreated = normaliseTimestamp(chosen) ?? chosen;

  const recordId = doc.EventRecordID ?? doc.RecordNumber;
  const record = numberOrText(recordId);
  if (record !== undefined) event.EventRecordID = record;

  const kw = keywords(doc.Keywords);
  if (kw !== undefined) event.Keywords = kw;
  for (const key of ['Level', 'Task', 'Version'] as const) {
    const v = numberOrText(doc[key]);
    if (v !== undefined) event[key] = v;
  }
  const opcode = numberOrText(doc.OpcodeValue) ?? numberOrText(doc.Opcode);
  if (opcode !== undefined) event.Opcode = opcode;
  const pid = numberOrText(doc.ExecutionProcessID);
  if (pid !== undefined) event.ProcessID = pid;
  const tid = numberOrText(doc.ExecutionThreadID) ?? numberOrText(doc.ThreadID);
  if (tid !== undefined) event.ThreadID = tid;
  const user = str(doc.UserID);
  if (user !== undefined) event.SecurityUserID = user;
  const activity = str(doc.ActivityID);
  if (activity !== undefined) event.ActivityID = activity;
  const related = str(doc.RelatedActivityID);
  if (related !== undefined) event.RelatedActivityID = related;

  const nxlog = doc.SourceModuleType !== undefined || doc.EventReceivedTime !== undefined;
  // for…in over a parsed JSON object visits its own keys in `Object.entries` order, without the pair arrays.
  for (const key in doc) {
    if (CONSUMED.has(key)) continue;
    const value = doc[key] as JsonValue;
    if (key === 'EventType' && typeof value === 'string' && NXLOG_EVENT_TYPES.has(value)) continue;
    if (nxlog && doc.UserID !== undefined && NXLOG_ACCOUNT.includes(key)) continue;
    const v = toFlat(value);
    if (v !== undefined) setDataField(event, key, v);
    else if (isObject(value)) flattenInto(key, value, event);
  }
  return event;
}
