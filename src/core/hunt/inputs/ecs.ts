/**
 * Winlogbeat / Elastic Agent (ECS) NDJSON → FlatEvent. Reads the `winlog.*` fields Winlogbeat keeps from the
 * original record (channel, event_id, computer_name, record_id, provider_name, event_data, user_data…), with
 * `event.code`, `event.provider`, `host.name` and `@timestamp` as fallbacks. ECS-normalised copies
 * (`process.command_line`…) are not used: `winlog.event_data` carries the original field names.
 */
import { StormwatchError } from '../../shared/index.js';
import { type FlatEvent, type FlatValue, setDataField } from './flat-event.js';
import { child, isObject, type JsonObject, type JsonValue, toInteger } from './json-value.js';
import { normaliseTimestamp } from './time-created.js';

/** Winlogbeat's `log.level` names → Windows Level numbers. */
const LEVELS: Readonly<Record<string, number>> = {
  critical: 1,
  error: 2,
  warning: 3,
  information: 4,
  info: 4,
  verbose: 5,
};

function str(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function toFlat(v: JsonValue): FlatValue | undefined {
  if (Array.isArray(v)) return v.map((x) => toFlat(x) ?? null);
  if (isObject(v)) return undefined;
  return v;
}

function flattenInto(prefix: string, node: JsonObject, event: FlatEvent, skip?: string): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === skip) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    const v = toFlat(value);
    if (v !== undefined) setDataField(event, name, v);
    else if (isObject(value)) flattenInto(name, value, event);
  }
}

/** True when a parsed document looks like Winlogbeat/ECS output. */
export function isEcsDocument(doc: JsonValue): boolean {
  return isObject(doc) && isObject(doc.winlog);
}

/** Converts one Winlogbeat/ECS document. Throws `HUNT_INPUT_NOT_EVENT` when it has no `winlog` object. */
export function flattenEcs(doc: JsonValue): FlatEvent {
  const winlog = child(doc, 'winlog');
  if (!isObject(doc) || !isObject(winlog)) {
    throw new StormwatchError({
      code: 'HUNT_INPUT_NOT_EVENT',
      kind: 'input',
      message: 'JSON document is not a Winlogbeat/ECS event: no "winlog" object',
      hint: 'Use --format to choose another input format.',
    });
  }
  const ecsEvent = child(doc, 'event');
  const event: FlatEvent = {};

  const eventId = toInteger(winlog.event_id) ?? toInteger(child(ecsEvent, 'code'));
  if (eventId !== undefined) event.EventID = eventId;
  const channel = str(winlog.channel);
  if (channel !== undefined) event.Channel = channel;
  const provider = str(winlog.provider_name) ?? str(child(ecsEvent, 'provider'));
  if (provider !== undefined) event.Provider_Name = provider;
  const guid = str(winlog.provider_guid);
  if (guid !== undefined) event.Provider_Guid = guid;
  const computer =
    str(winlog.computer_name) ??
    str(child(child(doc, 'host'), 'hostname')) ??
    str(child(child(doc, 'host'), 'name'));
  if (computer !== undefined) event.Computer = computer;
  const time = str(winlog.time_created) ?? str(doc['@timestamp']) ?? str(child(ecsEvent, 'created'));
  if (time !== undefined) event.TimeCreated = normaliseTimestamp(time) ?? time;
  const recordId = toInteger(winlog.record_id);
  if (recordId !== undefined) event.EventRecordID = recordId;
  else if (str(winlog.record_id) !== undefined) event.EventRecordID = str(winlog.record_id)!;

  const level = str(child(child(doc, 'log'), 'level'))?.toLowerCase();
  if (level !== undefined && LEVELS[level] !== undefined) event.Level = LEVELS[level]!;
  const opcode = winlog.opcode;
  if (opcode !== undefined && opcode !== null && !isObject(opcode)) event.Opcode = toFlat(opcode) ?? null;
  const task = winlog.task;
  if (task !== undefined && task !== null && !isObject(task)) event.Task = toFlat(task) ?? null;
  const version = toInteger(winlog.version);
  if (version !== undefined) event.Version = version;
  const process = child(winlog, 'process');
  const pid = toInteger(child(process, 'pid'));
  if (pid !== undefined) event.ProcessID = pid;
  const tid = toInteger(child(child(process, 'thread'), 'id'));
  if (tid !== undefined) event.ThreadID = tid;
  const userId = str(child(child(winlog, 'user'), 'identifier'));
  if (userId !== undefined) event.SecurityUserID = userId;
  const activity = str(winlog.activity_id);
  if (activity !== undefined) event.ActivityID = activity;
  const related = str(winlog.related_activity_id);
  if (related !== undefined) event.RelatedActivityID = related;

  const eventData = winlog.event_data;
  if (isObject(eventData)) flattenInto('', eventData, event);
  const userData = winlog.user_data;
  if (isObject(userData)) flattenInto('', userData, event, 'xml_name');
  return event;
}
