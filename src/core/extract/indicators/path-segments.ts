/**
 * The segment walker shared by file paths and registry keys: from just after a separator, reads segments up to the
 * end of the path. A segment may hold spaces when another separator follows it (`C:\Program Files\…`,
 * `…\Windows NT\CurrentVersion`); the last segment stops at the first space unless the caller lets title-case words
 * continue (registry value and key names such as `Image File Execution Options`). Trailing punctuation is trimmed.
 */

const HARD_STOP = new Set(['\n', '\r', '\t', '"', '|', '`', '\u201c', '\u201d']);

export interface WalkOptions {
  readonly sep: '\\' | '/';
  /** Continue the last segment across spaces while the next word starts with an upper-case letter or digit. */
  readonly titleCaseTail: boolean;
  /** Upper bound of the whole walk, in characters. */
  readonly maxLength: number;
}

/** Returns the end offset (exclusive) of the path whose segments start at `from`. */
export function walkSegments(text: string, from: number, opts: WalkOptions): number {
  const limit = Math.min(text.length, from + opts.maxLength);
  let end = from;
  let i = from;
  while (i < limit) {
    // Scan one segment up to the next separator, a hard stop or the limit.
    let j = i;
    let spaceAt = -1;
    while (j < limit) {
      const c = text[j] ?? '';
      if (c === opts.sep || HARD_STOP.has(c)) break;
      if (c === "'" && (text[j + 1] === ' ' || j + 1 >= limit)) break;
      if (c === ' ' && spaceAt === -1) spaceAt = j;
      // A sentence break inside a would-be segment ends the path at the space before it.
      if (c === ' ' && (text[j - 1] === '.' || text[j - 1] === ',' || text[j - 1] === ';')) break;
      if (c === ' ' && j - i > 64) break;
      j++;
    }
    // Spaces are fine inside a directory segment (`Program Files (x86)`, `Windows NT`) whose words are
    // capitalised; a lower-case word means the path ended at the space and prose goes on.
    const spacedOk =
      spaceAt === -1 ||
      (/^(?: [A-Z0-9(][^ ]*)+$/.test(text.slice(spaceAt, j)) &&
        !/\.[A-Za-z0-9]{1,5} |:/.test(text.slice(i, j)));
    if (text[j] === opts.sep && j < limit && spacedOk) {
      if (j === i) return end === from ? from : end; // empty segment: `\\` inside text ends the path
      end = j + 1;
      i = j + 1;
      continue;
    }
    // Last segment.
    let stop = spaceAt === -1 ? j : spaceAt;
    if (spaceAt !== -1 && opts.titleCaseTail) {
      let k = spaceAt;
      while (k < j && text[k] === ' ' && /[A-Z0-9]/.test(text[k + 1] ?? '')) {
        let w = k + 1;
        while (w < j && text[w] !== ' ') w++;
        stop = w;
        k = w;
      }
    }
    end = trimTrailing(text, i, stop);
    break;
  }
  return end;
}

/** Trims sentence punctuation and unbalanced closing brackets from the end of [start, end). */
export function trimTrailing(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text[e - 1] ?? '';
    if ('.,;:!?\'"\u2019\u201d'.includes(c)) {
      e--;
      continue;
    }
    if (c === ')' || c === ']' || c === '}' || c === '>') {
      const open = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : '<';
      let depth = 0;
      for (let k = start; k < e; k++) {
        if (text[k] === open) depth++;
        else if (text[k] === c) depth--;
      }
      if (depth < 0) {
        e--;
        continue;
      }
    }
    break;
  }
  return e;
}
