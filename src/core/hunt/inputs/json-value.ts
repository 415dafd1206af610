/** Small helpers for walking parsed JSON without `any`. */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v[key]` when `v` is an object, else undefined. */
export function child(v: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(v) ? v[key] : undefined;
}

/** The `#attributes` object of an evtx_dump element, or an empty object. */
export function attributes(v: JsonValue | undefined): JsonObject {
  const a = child(v, '#attributes');
  return isObject(a) ? a : {};
}

/** A non-negative integer from a number or a decimal/hex string; undefined otherwise. */
export function toInteger(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^-?\d+$/.test(s)) {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    if (/^0x[0-9a-f]+$/i.test(s)) {
      const n = Number.parseInt(s.slice(2), 16);
      return Number.isSafeInteger(n) ? n : undefined;
    }
  }
  return undefined;
}

/**
 * Elasticsearch / Kibana exports (elasticdump, `_search` hits) wrap each event as `{"_index", "_id", "_source": {…}}`:
 * the event is `_source`. Other documents are returned unchanged.
 */
export function unwrapSource(doc: JsonValue): JsonValue {
  if (
    isObject(doc) &&
    isObject(doc._source) &&
    doc.winlog === undefined &&
    doc.Event === undefined &&
    doc.EventID === undefined
  ) {
    return doc._source;
  }
  return doc;
}
