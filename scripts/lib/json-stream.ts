/**
 * Splits a text holding several JSON documents back to back (13 of the SigmaHQ regression `.json` files do)
 * into parsed values, synchronously, for the conformance scripts.
 */

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
