/**
 * JSON text of the values the renderers produce, written without a `JSON.stringify` call where that call
 * would cost more than the text (short strings with nothing to escape, finite numbers): the compiled JSON
 * and flat plans write records as text with these (see json-text-plan.ts, flat-plan.ts). Output is
 * always exactly what `JSON.stringify` gives for the same value.
 */

/** Characters `JSON.stringify` escapes in a string (surrogates: it escapes lone ones; let it decide). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000–U+001F are exactly what JSON must escape.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A value as the renderers produce it: scalars and arrays of them. */
export type TextValue = string | number | boolean | null | readonly TextValue[];

/** `JSON.stringify(v)`; undefined stays undefined (an omitted value). */
export function valueText(v: TextValue | undefined): string | undefined {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (v === undefined) return undefined;
  return JSON.stringify(v);
}

/** Quoted keys followed by `:`, memoised: keys come from plans and repeat on every record. */
const KEY_PREFIXES = new Map<string, string>();
/**
 * Keys are file data (names in corrupt or carved records can be any text up to 64 Ki characters): only short
 * keys are memoised, and the memo is dropped when it holds too many characters.
 */
const KEY_MEMO_MAX_LENGTH = 128;
const KEY_MEMO_MAX_CHARS = 1_000_000;
let keyMemoChars = 0;

/** `"key":` for an object member. */
export function keyPrefix(k: string): string {
  let q = KEY_PREFIXES.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (k.length > KEY_MEMO_MAX_LENGTH) return q;
    keyMemoChars += k.length + q.length;
    if (keyMemoChars > KEY_MEMO_MAX_CHARS) {
      KEY_PREFIXES.clear();
      keyMemoChars = k.length + q.length;
    }
    KEY_PREFIXES.set(k, q);
  }
  return q;
}
