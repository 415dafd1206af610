/**
 * Minimal evtx_dump-style JSON → FlatEvent conversion for the Sigma conformance script (per the flat-event
 * contract, /tmp/sw/flat-event.md). The product's converter lives with the hunt's log inputs; the lead will
 * switch the conformance script to it. Also splits a text holding several JSON documents back to back.
 */
import type { FlatEvent, FlatValue } from '../../src/core/sigma/index.js';

/** Splits a stream of concatenated JSON values (objects or arrays) into parsed values. */
export function parseJsonStream(text: string, file: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let depth = 0;
    let inStr = false;
    for (; i < n; i++) {
      const c = text[i]!;
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    const chunk = text.slice(start, i);
    try {
      out.push(JSON.parse(chunk));
    } catch (e) {
      throw new Error(
        `${file}@${start}: invalid JSON document: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function attr(node: Json | undefined, name: string): Json | undefined {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const a = node['#attributes'];
    if (a && typeof a === 'object' && !Array.isArray(a)) return a[name];
  }
  return undefined;
}

function text(node: Json | undefined): FlatValue {
  if (node === undefined) return null;
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(text);
  if ('#text' in node) return text(node['#text']);
  return null;
}

const PROTECTED = new Set([
  'EventID',
  'Channel',
  'Provider_Name',
  'Computer',
  'TimeCreated',
  'EventRecordID',
]);

function flatten(prefix: string, node: Json, out: FlatEvent): void {
  if (node && typeof node === 'object' && !Array.isArray(node) && !('#text' in node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '#attributes') continue;
      flatten(prefix ? `${prefix}.${k}` : k, v, out);
    }
    return;
  }
  out[prefix] = text(node);
}

/** Converts one `{"Event": {...}}` document. */
export function flatEventFromEvtxJson(doc: unknown): FlatEvent | null {
  const ev = (doc as { Event?: Record<string, Json> } | null)?.Event;
  if (!ev || typeof ev !== 'object') return null;
  const sys = (ev.System ?? {}) as Record<string, Json>;
  const out: FlatEvent = {};
  const eid = sys.EventID;
  if (eid && typeof eid === 'object' && !Array.isArray(eid)) {
    out.EventID = Number(text(eid));
    const q = attr(eid, 'Qualifiers');
    if (q !== undefined) out.EventID_Qualifiers = text(q);
  } else if (eid !== undefined) out.EventID = typeof eid === 'number' ? eid : Number(eid);
  const set = (k: string, v: Json | undefined) => {
    if (v !== undefined && v !== null) out[k] = text(v);
  };
  set('Channel', sys.Channel);
  set('Provider_Name', attr(sys.Provider, 'Name'));
  set('Provider_Guid', attr(sys.Provider, 'Guid'));
  set('Provider_EventSourceName', attr(sys.Provider, 'EventSourceName'));
  set('Computer', sys.Computer);
  const t = attr(sys.TimeCreated, 'SystemTime');
  if (typeof t === 'string') out.TimeCreated = t.endsWith('Z') ? t : `${t}Z`;
  set('EventRecordID', sys.EventRecordID);
  for (const k of ['Level', 'Task', 'Opcode', 'Keywords', 'Version']) set(k, sys[k]);
  set('ProcessID', attr(sys.Execution, 'ProcessID'));
  set('ThreadID', attr(sys.Execution, 'ThreadID'));
  set('SecurityUserID', attr(sys.Security, 'UserID'));
  set('ActivityID', attr(sys.Correlation, 'ActivityID'));
  set('RelatedActivityID', attr(sys.Correlation, 'RelatedActivityID'));
  const data = ev.EventData;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [k, v] of Object.entries(data)) {
      if (k === '#attributes') continue;
      if (k === 'Data') {
        out.Data = Array.isArray(v) ? v.map(text) : [text(v)];
        continue;
      }
      out[PROTECTED.has(k) ? `EventData.${k}` : k] = text(v);
    }
  }
  const user = ev.UserData;
  if (user && typeof user === 'object' && !Array.isArray(user)) {
    for (const [k, v] of Object.entries(user)) {
      if (k === '#attributes') continue;
      const flat: FlatEvent = {};
      flatten('', v, flat);
      for (const [fk, fv] of Object.entries(flat)) out[PROTECTED.has(fk) ? `UserData.${fk}` : fk] = fv;
    }
  }
  return out;
}
