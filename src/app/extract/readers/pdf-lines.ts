/**
 * Rebuilds reading text from PDF text items (pdf.js `getTextContent`): items become lines by position,
 * lines become paragraphs by vertical gaps, running headers/footers repeated across pages are dropped,
 * and indicators broken across line ends are rejoined — a hex digest split into two parts of a known
 * length, a URL wrapped after `/`, `-`, `?`…, a word or domain hyphenated at the margin — while
 * ordinary line ends stay line ends, so words are never glued together.
 */

/** The fields of a pdf.js TextItem used here. */
export interface PdfTextItem {
  readonly str: string;
  /** [a, b, c, d, e, f]: e = x, f = y (PDF user space, y up). */
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly hasEOL?: boolean;
}

interface Line {
  text: string;
  y: number;
  height: number;
}

/** Groups one page's text items into lines, inserting spaces where items are visibly apart. */
export function pageLines(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  let lastEndX = 0;
  let lastEol = false;
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const h = Math.abs(item.height) || Math.abs(item.transform[3] ?? 0) || 10;
    const newLine = !current || lastEol || Math.abs(y - current.y) > h * 0.5;
    if (newLine) {
      if (current && current.text.trim() !== '') lines.push(current);
      current = { text: item.str, y, height: h };
    } else if (current) {
      const gap = x - lastEndX;
      const needsSpace = gap > h * 0.15 && !current.text.endsWith(' ') && !item.str.startsWith(' ');
      current.text += (needsSpace ? ' ' : '') + item.str;
    }
    if (item.str !== '' || item.width > 0) lastEndX = x + item.width;
    lastEol = item.hasEOL === true;
  }
  if (current && current.text.trim() !== '') lines.push(current);
  for (const line of lines) line.text = line.text.replace(/\s+/g, ' ').trim();
  return lines;
}

const DIGEST_LENGTHS = new Set([32, 40, 64, 128]);
const URL_TAIL = /(?:(?:h[tx]{2}ps?|fxp|ftp)(?:\[:\]|:)\/\/|www\.)\S+$/i;
const URL_CONTINUATION = /^[A-Za-z0-9/?=&%#._~:+\-[\]]+(?=[\s,;)]|$)/;

/** Joins the end of `prev` and the start of `next` if an indicator was broken there; else undefined. */
export function rejoin(prev: string, next: string): string | undefined {
  const hexTail = /(?:^|[^0-9A-Za-z])([0-9A-Fa-f]{6,})$/.exec(prev);
  const hexHead = /^([0-9A-Fa-f]+)(?=[^0-9A-Za-z]|$)/.exec(next);
  if (hexTail?.[1] && hexHead?.[1]) {
    const a = hexTail[1].length;
    const b = hexHead[1].length;
    // A first part of digest length could be a whole MD5 in a list of hashes: join it only when the
    // lines around the break are prose (text before the first part and after the second).
    const prose = prev.length > a && next.length > b;
    if (DIGEST_LENGTHS.has(a + b) && (!DIGEST_LENGTHS.has(a) || prose)) return prev + next;
  }
  const url = URL_TAIL.exec(prev);
  const cont = URL_CONTINUATION.exec(next);
  if (url && cont && !/^[A-Z][a-z]+$/.test(cont[0])) {
    // Wrapped mid-URL after a separator that cannot end one, or continued by something URL-shaped.
    const strongWrap = /[-_=&?%#~]$/.test(url[0]);
    const urlShaped = /[/.?=&%_\-\d]/.test(cont[0]);
    if (strongWrap || urlShaped) return prev + next;
  }
  if (/[A-Za-z0-9]-$/.test(prev) && /^[a-z0-9]/.test(next)) return prev + next;
  return undefined;
}

function normaliseFurniture(line: string): string {
  return line.replace(/\d+/g, '#').toLowerCase();
}

/** Full text of a document from its pages' lines, as described in the module header. */
export function pagesToText(pages: readonly (readonly Line[])[]): string {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    // Headers/footers sit in the first or last line (two on longer pages).
    const edgeLines =
      lines.length >= 6 ? [lines[0], lines[1], lines.at(-2), lines.at(-1)] : [lines[0], lines.at(-1)];
    const edges = new Set(
      edgeLines.filter((l): l is Line => l !== undefined).map((l) => normaliseFurniture(l.text)),
    );
    for (const key of edges) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 2));
  const furniture = new Set([...counts].filter(([, n]) => n >= threshold).map(([key]) => key));

  const pageTexts: string[] = [];
  for (const lines of pages) {
    const edge = lines.length >= 6 ? 2 : 1;
    const kept = lines.filter(
      (l, i) => !((i < edge || i >= lines.length - edge) && furniture.has(normaliseFurniture(l.text))),
    );
    let text = '';
    let prev: Line | undefined;
    for (const line of kept) {
      if (prev === undefined) {
        text = line.text;
      } else {
        const gap = Math.abs(prev.y - line.y);
        const paragraph = gap > Math.max(prev.height, line.height) * 1.8;
        const joined = paragraph ? undefined : rejoin(text, line.text);
        text = joined ?? `${text}${paragraph ? '\n\n' : '\n'}${line.text}`;
      }
      prev = line;
    }
    if (text.trim() !== '') pageTexts.push(text);
  }
  return pageTexts.join('\n\n');
}
