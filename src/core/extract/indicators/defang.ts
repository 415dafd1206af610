/**
 * Refanging: rewrites the defanged notations threat reports use (`[.]`, `(.)`, `{.}`, `[dot]`, `hxxp`, `hXXps`,
 * `[:]`, `[://]`, `[/]`, `[@]`, `[at]`, ` . `) into their plain form, and removes invisible characters (zero-width
 * space/joiners, soft hyphen) that PDFs leave inside tokens. Unicode hyphens (U+2010, U+2011) become ASCII `-`.
 * The result keeps a map from every refanged offset back to the original text so that extracted spans cover the
 * original, possibly defanged, characters.
 */

/** A refanged view of a text. */
export interface RefangedText {
  /** The refanged text the extractors scan. */
  readonly text: string;
  /** Original offset of each refanged offset (length `text.length + 1`); `null` when nothing was rewritten. */
  readonly map: Int32Array | null;
  /** Sorted refanged offsets where a defang notation was rewritten. */
  readonly defangAt: Int32Array;
}

// One alternation, tried only where its first character occurs (`hxxp` and `fxp` are anchored on their rare `x`);
// every branch is bounded, so the scan is linear.
const DEFANG =
  /[[({] ?(?:\.|dot|DOT|Dot|@|at|AT|At) ?[\])}]|\[(?::\/\/|:\/|:|\/\/|\/)\]|[xX]{2}[pP](?<=\b[hH][xX]{2}[pP])[sS]?(?=:|\[:)|[xX][pP](?<=\b[fF][xX][pP])(?=:|\[:)|\.(?<=[A-Za-z0-9] \.)(?= [a-z0-9])|\u200b|\u200c|\u200d|\ufeff|\u00ad|\u2010|\u2011/g;

function replacementFor(token: string): { out: string; defang: boolean } {
  const c = token.charCodeAt(0);
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff || c === 0xad)
    return { out: '', defang: false };
  if (c === 0x2010 || c === 0x2011) return { out: '-', defang: false };
  const t = token.trim().toLowerCase();
  if (t.startsWith('h') && t.endsWith('p')) return { out: 'http', defang: true };
  if (t.startsWith('h') && t.endsWith('ps')) return { out: 'https', defang: true };
  if (t === 'fxp') return { out: 'ftp', defang: true };
  if (t === '.') return { out: '.', defang: true };
  const inner = t.slice(1, -1).trim();
  if (inner === '.' || inner === 'dot') return { out: '.', defang: true };
  if (inner === '@' || inner === 'at') return { out: '@', defang: true };
  return { out: inner, defang: true };
}

/** Rewrites defanged notations; a text without any is returned as is (no map, no copy). */
export function refang(text: string): RefangedText {
  DEFANG.lastIndex = 0;
  let m = DEFANG.exec(text);
  if (m === null) return { text, map: null, defangAt: new Int32Array(0) };
  const parts: string[] = [];
  const map = new Int32Array(text.length + 1);
  const defangAt: number[] = [];
  let out = 0;
  let last = 0;
  while (m !== null) {
    let at = m.index;
    let token = m[0];
    // `hxxp`/`fxp` matched from the `x`: the token starts one character earlier.
    if (token.charCodeAt(0) === 0x78 || token.charCodeAt(0) === 0x58) {
      at -= 1;
      token = text.slice(at, at + token.length + 1);
    }
    // Bracketed forms may be padded with one space each side (`example [.] com`), the bare form always is.
    const c0 = token.charCodeAt(0);
    const bracketed = c0 === 0x5b || c0 === 0x28 || c0 === 0x7b;
    // `(at)` padded by spaces is too often prose; `[at]`, `{at}` and every dot form are obfuscation.
    if (token === '.' || (bracketed && (/[.@]|dot/i.test(token) || c0 !== 0x28))) {
      const padBefore = text.charCodeAt(at - 1) === 0x20 && at - 1 >= last;
      const padAfter = text.charCodeAt(at + token.length) === 0x20;
      if (token === '.' || (padBefore && padAfter)) {
        at -= 1;
        token = text.slice(at, at + token.length + 2);
        DEFANG.lastIndex = at + token.length;
      }
    }
    const { out: rep, defang } = replacementFor(token);
    if (at > last) {
      parts.push(text.slice(last, at));
      for (let i = last; i < at; i++) map[out++] = i;
    }
    if (defang) defangAt.push(out);
    parts.push(rep);
    for (let i = 0; i < rep.length; i++) map[out++] = at;
    last = at + token.length;
    m = DEFANG.exec(text);
  }
  if (last < text.length) {
    parts.push(text.slice(last));
    for (let i = last; i < text.length; i++) map[out++] = i;
  }
  map[out] = text.length;
  return { text: parts.join(''), map: map.subarray(0, out + 1), defangAt: Int32Array.from(defangAt) };
}

/** Original span of a refanged span. */
export function originalSpan(r: RefangedText, start: number, end: number): { start: number; end: number } {
  if (r.map === null) return { start, end };
  return { start: r.map[start] ?? start, end: r.map[end] ?? end };
}

/** True when a defang notation was rewritten inside the refanged span [start, end). */
export function isDefanged(r: RefangedText, start: number, end: number): boolean {
  const a = r.defangAt;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < a.length && (a[lo] ?? end) < end;
}

/** Refangs a single value (for callers holding an indicator string rather than a document). */
export function refangValue(value: string): string {
  return refang(value).text;
}
