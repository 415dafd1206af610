/**
 * Renders a record as an evtx_dump-style JSON document (the shape of the Rust evtx crate's JSON output and
 * of the `.json` files shipped with the Sigma regression data): attributes under `#attributes`, element
 * text as the element value (or `#text` beside attributes), `<Data Name="X">v</Data>` as `"X": v`, several
 * unnamed `<Data>` items as `"Data": {"#text": [...]}`, other repeated element names as `name_1`, `name_2`…;
 * element text trimmed as a whole.
 */
import type { RenderSink } from './binxml-render.js';
import { setOwn } from './own-property.js';
import { type DecodedValue, STYLE_JSON } from './value-decode.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface Frame {
  readonly name: string;
  attrs: JsonObject | null;
  obj: JsonObject | null;
  /** 0 = no text, 1 = one typed value in `text`, 2 = concatenated string in `text`. */
  textState: 0 | 1 | 2;
  text: DecodedValue;
  unnamedData: JsonValue[] | null;
}

function asString(v: DecodedValue): string {
  return Array.isArray(v) ? v.join(', ') : v === null ? '' : String(v);
}

/**
 * The name a repeated key gets (as the Rust evtx crate names repeated elements): `key_1`, `key_2`… — the first
 * that `taken` does not report. Shared by this sink and the compiled JSON plans (json-plan.ts, json-text-plan.ts).
 */
export function repeatedKey(key: string, taken: (k: string) => boolean): string {
  let i = 1;
  while (taken(`${key}_${i}`)) i++;
  return `${key}_${i}`;
}

function insert(parent: Frame, key: string, value: JsonValue): void {
  let obj = parent.obj;
  if (obj === null) {
    obj = parent.attrs === null ? {} : { '#attributes': parent.attrs };
    parent.obj = obj;
  }
  if (!Object.hasOwn(obj, key)) {
    setOwn(obj, key, value);
    return;
  }
  const o = obj;
  o[repeatedKey(key, (k) => Object.hasOwn(o, k))] = value;
}

/** JSON sink; `result` holds the document after rendering. */
export class JsonSink implements RenderSink {
  readonly style = STYLE_JSON;
  result: JsonObject = {};
  private readonly stack: Frame[] = [];

  /**
   * With `container`, rendering starts inside an already open element of that name and its content is
   * collected in `containerContent()` (used by compiled template plans for embedded BinXml).
   */
  constructor(container?: string) {
    if (container !== undefined) this.open(container);
  }

  /** The content object of the container element given to the constructor. */
  containerContent(): JsonObject {
    const f = this.stack[0];
    if (!f) return {};
    if (f.obj === null) f.obj = f.attrs === null ? {} : { '#attributes': f.attrs };
    return f.obj;
  }

  /** Stores an opaque marker under `key` in the current element (for compiled template plans). */
  mark(key: string, value: unknown): void {
    const f = this.stack[this.stack.length - 1];
    if (!f) return;
    if (f.obj === null) f.obj = f.attrs === null ? {} : { '#attributes': f.attrs };
    f.obj[key] = value as JsonValue;
  }

  /** Name of the innermost open element. */
  current(): string | undefined {
    return this.stack[this.stack.length - 1]?.name;
  }

  open(name: string): void {
    this.stack.push({ name, attrs: null, obj: null, textState: 0, text: null, unnamedData: null });
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

  close(): void {
    const f = this.stack.pop()!;
    // evtx_dump trims the whitespace around an element's text as a whole (not around each piece: spaces next to
    // an entity reference inside the text stay, as in the XML).
    const textValue: JsonValue =
      f.textState === 0 ? null : typeof f.text === 'string' ? f.text.trim() : (f.text as JsonValue);
    let value: JsonValue;
    if (f.obj !== null) {
      value = f.obj;
      if (f.textState !== 0) f.obj['#text'] = textValue;
    } else if (f.attrs !== null) {
      const o: JsonObject = { '#attributes': f.attrs };
      if (f.textState !== 0) o['#text'] = textValue;
      value = o;
    } else {
      value = textValue;
    }
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      const result = this.result;
      if (Object.hasOwn(result, f.name)) result[repeatedKey(f.name, (k) => Object.hasOwn(result, k))] = value;
      else setOwn(result, f.name, value);
      return;
    }
    if (f.name === 'Data') {
      const dataName = f.attrs?.Name;
      if (dataName !== undefined && dataName !== null) {
        insert(parent, String(dataName), f.obj !== null ? f.obj : textValue);
        return;
      }
      if (parent.unnamedData === null) {
        parent.unnamedData = [value];
        insert(parent, 'Data', value);
      } else {
        parent.unnamedData.push(value);
        parent.obj!.Data = { '#text': parent.unnamedData };
      }
      return;
    }
    insert(parent, f.name, value);
  }
}
