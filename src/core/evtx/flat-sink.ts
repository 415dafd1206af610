/**
 * Renders a record straight into the flat hunting event (the shared FlatEvent contract): System fields
 * under fixed names, EventData `<Data Name="X">` as `X`, unnamed Data as the `Data` array, UserData leaves
 * by local name (nested with `.`). Built directly from the render events — never via the JSON document.
 */
import type { FlatEvent, FlatValue } from '../shared/index.js';
import type { RenderSink } from './binxml-render.js';
import { setOwn } from './own-property.js';
import { type DecodedValue, STYLE_FLAT } from './value-decode.js';

export type { FlatEvent, FlatValue } from '../shared/index.js';

/** Keys EventData/UserData may never overwrite (a clash is stored as `EventData.X` / `UserData.X`). */
const PROTECTED = new Set([
  'EventID',
  'Channel',
  'Provider_Name',
  'Computer',
  'TimeCreated',
  'EventRecordID',
]);

const SECTION_OTHER = 0;
const SECTION_SYSTEM = 1;
const SECTION_EVENT_DATA = 2;
const SECTION_USER_DATA = 3;

interface Frame {
  readonly name: string;
  attrs: Record<string, DecodedValue> | null;
  textState: 0 | 1 | 2;
  text: DecodedValue;
  hasChildren: boolean;
}

function asString(v: DecodedValue): string {
  return Array.isArray(v) ? v.join(', ') : v === null ? '' : String(v);
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function numeric(v: FlatValue): FlatValue {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    // `+ 0`: "-0" becomes 0 (not -0), as it would after a trip through JSON from a worker thread.
    if (Number.isSafeInteger(n)) return n + 0;
  }
  return v;
}

const ISO_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/;

/**
 * `TimeCreated` with 7 sub-second digits, as a FILETIME value gives it: literal text (records without a template
 * carry it as written, e.g. 9 digits) is cut or padded to 7. Anything else is left as it is.
 */
export function flatTime(v: FlatValue): FlatValue {
  if (typeof v !== 'string' || (v.length === 28 && v.charCodeAt(19) === 46 && v.charCodeAt(27) === 90))
    return v;
  const m = ISO_TIME.exec(v);
  return m === null ? v : `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
}

/** How a System value was normalised (`FlatSink.kindOf`): kept as it is, `numeric`, or `flatTime`. */
export const KEY_PLAIN = 0;
export const KEY_NUMERIC = 1;
export const KEY_TIME = 2;

/** Flat sink; `event` holds the flat event after rendering. */
export class FlatSink implements RenderSink {
  readonly style = STYLE_FLAT;
  event: FlatEvent = {};
  private readonly stack: Frame[] = [];
  private section = SECTION_OTHER;
  /** With `trackKinds`: the normalisation of each key's current value, when not KEY_PLAIN. */
  private readonly kinds: Map<string, number> | null;

  /**
   * `context`: names of enclosing elements already open (outermost first), for rendering an embedded
   * BinXml fragment in place (compiled template plans do this). `trackKinds`: remember how each key's value
   * was normalised (`kindOf`), so that a plan compiled from a symbolic rendering normalises its slots alike.
   */
  constructor(context: readonly string[] = [], trackKinds = false) {
    this.kinds = trackKinds ? new Map() : null;
    for (const name of context) this.open(name);
    for (const f of this.stack) f.hasChildren = true;
  }

  /** How the value now under `key` was normalised (needs `trackKinds`). */
  kindOf(key: string): number {
    return this.kinds?.get(key) ?? KEY_PLAIN;
  }

  private put(key: string, value: FlatValue, kind: number): void {
    setOwn(this.event, key, value);
    if (this.kinds === null) return;
    if (kind === KEY_PLAIN) this.kinds.delete(key);
    else this.kinds.set(key, kind);
  }

  /** Stores an opaque marker under `key` (used by template plans to remember where embedded content goes). */
  mark(key: string, value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.hasChildren = true;
    this.event[key] = value as FlatValue;
  }

  /** Names of the open elements, outermost first. */
  context(): string[] {
    return this.stack.map((f) => f.name);
  }

  open(name: string): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.hasChildren = true;
    if (this.stack.length === 1) {
      this.section =
        name === 'System'
          ? SECTION_SYSTEM
          : name === 'EventData'
            ? SECTION_EVENT_DATA
            : name === 'UserData'
              ? SECTION_USER_DATA
              : SECTION_OTHER;
    }
    this.stack.push({ name, attrs: null, textState: 0, text: null, hasChildren: false });
  }

  attr(name: string, value: DecodedValue): void {
    const f = this.stack[this.stack.length - 1]!;
    if (f.attrs === null) f.attrs = {};
    setOwn(f.attrs, name, value);
  }

  text(value: DecodedValue): void {
    const f = this.stack[this.stack.length - 1];
    if (!f) return;
    if (f.textState === 0) {
      f.text = value;
      f.textState = 1;
    } else {
      f.text = asString(f.text) + asString(value);
      f.textState = 2;
    }
  }

  raw(text: string): void {
    this.text(text);
  }

  pi(): void {}

  private set(key: string, value: FlatValue, prefix: string): void {
    this.put(PROTECTED.has(key) ? `${prefix}.${key}` : key, value, KEY_PLAIN);
  }

  private path(from: number): string {
    let p = '';
    for (let i = from; i < this.stack.length; i++) p += (p ? '.' : '') + localName(this.stack[i]!.name);
    return p;
  }

  close(): void {
    const depth = this.stack.length - 1; // Event = 0
    const f = this.stack[depth]!;
    const text: FlatValue = f.textState === 0 ? null : (f.text as FlatValue);
    if (depth === 2 && this.section === SECTION_SYSTEM) this.system(f, text);
    else if (depth >= 2 && !f.hasChildren) {
      if (this.section === SECTION_EVENT_DATA) {
        if (depth === 2 && f.name === 'Data') {
          const n = f.attrs?.Name;
          if (n !== undefined && n !== null && n !== '') this.set(String(n), text, 'EventData');
          else {
            const arr = this.event.Data;
            if (Array.isArray(arr)) arr.push(text);
            else this.event.Data = [text];
          }
        } else this.set(this.path(2), text, 'EventData');
      } else if (this.section === SECTION_USER_DATA) {
        if (depth >= 3) this.set(this.path(3), text, 'UserData');
      } else if (this.section === SECTION_OTHER) {
        this.set(this.path(1), text, 'Event');
      }
    }
    this.stack.pop();
  }

  private system(f: Frame, text: FlatValue): void {
    const a = f.attrs;
    switch (f.name) {
      case 'Provider':
        if (a) {
          if (a.Name != null) this.put('Provider_Name', a.Name as FlatValue, KEY_PLAIN);
          if (a.Guid != null) this.put('Provider_Guid', a.Guid as FlatValue, KEY_PLAIN);
          if (a.EventSourceName != null)
            this.put('Provider_EventSourceName', a.EventSourceName as FlatValue, KEY_PLAIN);
        }
        return;
      case 'EventID':
        this.put('EventID', numeric(text), KEY_NUMERIC);
        if (a && a.Qualifiers != null)
          this.put('EventID_Qualifiers', numeric(a.Qualifiers as FlatValue), KEY_NUMERIC);
        return;
      case 'Version':
      case 'Level':
      case 'Task':
      case 'Opcode':
        this.put(f.name, numeric(text), KEY_NUMERIC);
        return;
      case 'TimeCreated':
        if (a && a.SystemTime != null) this.put('TimeCreated', flatTime(a.SystemTime as FlatValue), KEY_TIME);
        return;
      case 'Correlation':
        if (a) {
          if (a.ActivityID != null) this.put('ActivityID', a.ActivityID as FlatValue, KEY_PLAIN);
          if (a.RelatedActivityID != null)
            this.put('RelatedActivityID', a.RelatedActivityID as FlatValue, KEY_PLAIN);
        }
        return;
      case 'Execution':
        if (a) {
          if (a.ProcessID != null) this.put('ProcessID', numeric(a.ProcessID as FlatValue), KEY_NUMERIC);
          if (a.ThreadID != null) this.put('ThreadID', numeric(a.ThreadID as FlatValue), KEY_NUMERIC);
        }
        return;
      case 'Security':
        if (a && a.UserID != null) this.put('SecurityUserID', a.UserID as FlatValue, KEY_PLAIN);
        return;
      case 'EventRecordID':
        this.put('EventRecordID', numeric(text), KEY_NUMERIC);
        return;
      default:
        this.put(f.name, text, KEY_PLAIN);
    }
  }
}
