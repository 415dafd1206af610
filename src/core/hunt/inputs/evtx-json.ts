/**
 * evtx_dump-style JSON (`{"Event": {"System": …, "EventData": …, "UserData": …}}`, attributes under
 * `#attributes`, element text under `#text`) → FlatEvent. The XML input builds the same shape, so both share
 * this converter. Field rules: docs/hunting.md "Inputs".
 */
import { StormwatchError } from '../../shared/index.js';
import { type FlatEvent, type FlatValue, setDataField } from './flat-event.js';
import { attributes, child, isObject, type JsonObject, type JsonValue, toInteger } from './json-value.js';
import { normaliseTimestamp } from './time-created.js';

const NUMERIC_SYSTEM = ['Version', 'Level', 'Task', 'Opcode'] as const;

const BARE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * evtx_dump prints GUID-typed values without braces; Windows (XML, the EVTX reader, NXLog, Winlogbeat) writes
 * `{…}`. GUID-typed fields are the System GUIDs and EventData fields named `*Guid` (ProcessGuid, LogonGuid…);
 * string fields that merely hold a GUID (e.g. ScriptBlockId) keep their text.
 */
function braceGuid(name: string, v: FlatValue): FlatValue {
  return typeof v === 'string' && BARE_GUID.test(v) && name.toLowerCase().endsWith('guid') ? `{${v}}` : v;
}

function systemGuid(v: FlatValue): FlatValue {
  return typeof v === 'string' && BARE_GUID.test(v) ? `{${v}}` : v;
}

/** Text of an element: a scalar, or its `#text`. Arrays of text are joined (mixed content). */
function elementText(v: JsonValue | undefined): JsonValue | undefined {
  if (isObject(v)) return v['#text'];
  return v;
}

function scalar(v: JsonValue | undefined): FlatValue | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map((x) => scalar(x) ?? null);
  if (isObject(v)) {
    if ('#text' in v) return scalar(v['#text']);
    return undefined;
  }
  return v;
}

/** Sets an optional System attribute; absent, null and empty values (unused substitutions) are left out. */
function setIfPresent(event: FlatEvent, key: string, v: JsonValue | undefined, guid = false): void {
  const s = scalar(v);
  if (s !== undefined && s !== null && s !== '') event[key] = guid ? systemGuid(s) : s;
}

function flattenSystem(system: JsonObject, event: FlatEvent): void {
  const provider = attributes(system.Provider);
  setIfPresent(event, 'Provider_Name', provider.Name);
  setIfPresent(event, 'Provider_Guid', provider.Guid, true);
  setIfPresent(event, 'Provider_EventSourceName', provider.EventSourceName);

  const eventIdNode = system.EventID;
  const eventIdText = elementText(eventIdNode);
  const eventId = toInteger(eventIdText);
  if (eventId !== undefined) event.EventID = eventId;
  else if (eventIdText !== undefined && eventIdText !== null) setIfPresent(event, 'EventID', eventIdText);
  const qualifiers = attributes(eventIdNode).Qualifiers;
  if (qualifiers !== undefined && qualifiers !== null && qualifiers !== '') {
    event.EventID_Qualifiers = toInteger(qualifiers) ?? scalar(qualifiers) ?? null;
  }

  for (const key of NUMERIC_SYSTEM) {
    const text = elementText(system[key]);
    if (text === undefined || text === null || text === '') continue;
    event[key] = toInteger(text) ?? scalar(text) ?? null;
  }
  const keywords = elementText(system.Keywords);
  if (keywords !== undefined && keywords !== null) event.Keywords = String(keywords);

  const systemTime = attributes(system.TimeCreated).SystemTime;
  if (typeof systemTime === 'string') event.TimeCreated = normaliseTimestamp(systemTime) ?? systemTime;

  const recordId = elementText(system.EventRecordID);
  if (recordId !== undefined && recordId !== null)
    event.EventRecordID = toInteger(recordId) ?? String(recordId);

  const correlation = attributes(system.Correlation);
  setIfPresent(event, 'ActivityID', correlation.ActivityID, true);
  setIfPresent(event, 'RelatedActivityID', correlation.RelatedActivityID, true);

  const execution = attributes(system.Execution);
  for (const key of ['ProcessID', 'ThreadID'] as const) {
    const v = execution[key];
    if (v !== undefined && v !== null) event[key] = toInteger(v) ?? scalar(v) ?? null;
  }
  const channel = elementText(system.Channel);
  if (channel !== undefined && channel !== null) event.Channel = String(channel);
  const computer = elementText(system.Computer);
  if (computer !== undefined && computer !== null) event.Computer = String(computer);
  setIfPresent(event, 'SecurityUserID', attributes(system.Security).UserID);
}

/** Unnamed `<Data>` items as evtx_dump renders them (`"x"`, `["x","y"]`, `{"#text": …}`) → array. */
function unnamedData(v: JsonValue): FlatValue[] | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => scalar(x) ?? null);
  if (isObject(v)) {
    const text = v['#text'];
    if (text === undefined) return undefined;
    return Array.isArray(text) ? text.map((x) => scalar(x) ?? null) : [scalar(text) ?? null];
  }
  return [v];
}

function flattenEventData(data: JsonValue, event: FlatEvent): void {
  if (!isObject(data)) {
    // `<EventData>text</EventData>` or a bare list: keep it as unnamed data.
    const items = unnamedData(data);
    if (items) setDataField(event, 'Data', items);
    return;
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === '#attributes') continue; // attributes of <EventData> itself (e.g. Name="TaskDisabled")
    if (key === 'Data' || key === '#text') {
      const items = unnamedData(value);
      if (items) setDataField(event, 'Data', items);
      continue;
    }
    const v = scalar(value);
    if (v === undefined) {
      if (isObject(value)) flattenNested(key, value, event);
      continue;
    }
    setDataField(event, key, braceGuid(key, v));
  }
}

/** Nested elements flattened with `.` (`a.b.c`), attributes dropped. */
function flattenNested(prefix: string, node: JsonObject, event: FlatEvent): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === '#attributes') continue;
    const name = key === '#text' ? prefix : `${prefix}.${key}`;
    const v = scalar(value);
    if (v !== undefined) setDataField(event, name, v);
    else if (isObject(value)) flattenNested(name, value, event);
  }
}

function flattenUserData(userData: JsonValue, event: FlatEvent): void {
  if (!isObject(userData)) return;
  for (const [key, value] of Object.entries(userData)) {
    if (key === '#attributes') continue;
    // The single child element (e.g. LogFileCleared): its children become top-level keys.
    if (isObject(value)) {
      for (const [name, inner] of Object.entries(value)) {
        if (name === '#attributes') continue;
        const v = scalar(inner);
        if (v !== undefined) setDataField(event, name === '#text' ? key : name, braceGuid(name, v));
        else if (isObject(inner)) flattenNested(name, inner, event);
      }
    } else {
      const v = scalar(value);
      if (v !== undefined) setDataField(event, key, v);
    }
  }
}

/**
 * Converts one parsed evtx_dump document (`{"Event": {...}}`, or the inner `{"System": ...}`) to a FlatEvent.
 * Throws StormwatchError `HUNT_INPUT_NOT_EVENT` when it has no `System` element.
 */
export function flattenEvtxJson(document: JsonValue): FlatEvent {
  const root = isObject(document) && isObject(document.Event) ? document.Event : document;
  const system = child(root, 'System');
  if (!isObject(root) || !isObject(system)) {
    throw new StormwatchError({
      code: 'HUNT_INPUT_NOT_EVENT',
      kind: 'input',
      message: 'JSON document is not an evtx_dump event: no Event.System object',
      hint: 'Expected {"Event": {"System": {...}, "EventData": {...}}}; use --format to choose another input format.',
    });
  }
  const event: FlatEvent = {};
  flattenSystem(system, event);
  if (root.EventData !== undefined && root.EventData !== null) flattenEventData(root.EventData, event);
  if (root.UserData !== undefined && root.UserData !== null) flattenUserData(root.UserData, event);
  return event;
}
