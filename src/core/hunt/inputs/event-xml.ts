/**
 * Windows event XML (`<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`) → FlatEvent.
 * The element tree is rebuilt in evtx_dump's JSON shape and handed to the same converter, so XML, evtx_dump JSON
 * and EVTX give the same field names. XML carries no value types: EventData values stay strings; the System
 * integers (EventID, Version, Level, Task, Opcode, EventRecordID, ProcessID, ThreadID) become numbers.
 * `RenderingInfo` (rendered message text) is ignored, as the EVTX path has none.
 */
import { StormwatchError } from '../../shared/index.js';
import { flattenEvtxJson } from './evtx-json.js';
import type { FlatEvent } from './flat-event.js';
import type { JsonObject, JsonValue } from './json-value.js';
import type { XmlElement } from './xml-element.js';

function hasAttributes(e: XmlElement): boolean {
  for (const _ in e.attributes) return true;
  return false;
}

/** An element as evtx_dump renders it: text, `{#attributes, #text}`, or an object of children. */
function asJson(e: XmlElement): JsonValue {
  if (e.children.length > 0) {
    const out: JsonObject = {};
    if (hasAttributes(e)) out['#attributes'] = { ...e.attributes };
    for (const c of e.children) {
      const v = asJson(c);
      const existing = out[c.name];
      if (existing === undefined) out[c.name] = v;
      else if (Array.isArray(existing)) existing.push(v);
      else out[c.name] = [existing, v];
    }
    return out;
  }
  if (hasAttributes(e)) {
    const out: JsonObject = { '#attributes': { ...e.attributes } };
    if (e.text !== '') out['#text'] = e.text;
    return out;
  }
  return e.text;
}

function eventData(e: XmlElement): JsonObject {
  const out: JsonObject = {};
  const unnamed: JsonValue[] = [];
  for (const c of e.children) {
    if (c.name === 'Data') {
      const name = c.attributes.Name;
      if (name !== undefined) out[name] = c.text;
      else unnamed.push(c.text);
    } else {
      out[c.name] = asJson(c);
    }
  }
  if (unnamed.length > 0) out.Data = { '#text': unnamed };
  else if (e.children.length === 0 && e.text.trim() !== '') out.Data = { '#text': [e.text] };
  return out;
}

/** Converts a parsed `<Event>` element. Throws `HUNT_INPUT_NOT_EVENT` when it has no `<System>`. */
export function flattenEventXml(event: XmlElement): FlatEvent {
  const doc: JsonObject = {};
  for (const c of event.children) {
    if (c.name === 'System') doc.System = asJson(c);
    else if (c.name === 'EventData') doc.EventData = eventData(c);
    else if (c.name === 'UserData') doc.UserData = asJson(c);
  }
  if (doc.System === undefined) {
    throw new StormwatchError({
      code: 'HUNT_INPUT_NOT_EVENT',
      kind: 'input',
      message: `<${event.name}> element has no <System> child`,
      hint: 'Expected Windows event XML as written by wevtutil qe /f:xml or Get-WinEvent ToXml().',
    });
  }
  return flattenEvtxJson({ Event: doc });
}
