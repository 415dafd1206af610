/**
 * Table rows and IOC appendices versus prose. Reports flatten tables into one cell per line or `a | b` rows, so the
 * decision is per line: a line that holds cell separators (`|`, tabs) or, once its indicators are removed, at most a
 * short label (`SHA256:`, `C2 server`, `Contact information:`), is a table row; any other line is prose.
 */
import type { Span } from './types.js';

/** Most words a line may keep besides its indicators and still be a table row. */
const MAX_LABEL_WORDS = 3;

/** Line boundaries of a text, computed once per document. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }

  /** 0-based line number holding offset `at`. */
  lineOf(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  get count(): number {
    return this.starts.length;
  }
}

/**
 * Decides table or prose for one line given the spans of every indicator found on it (offsets into `text`).
 */
export function isTableLine(
  text: string,
  lineStart: number,
  lineEnd: number,
  spans: readonly Span[],
): boolean {
  const line = text.slice(lineStart, lineEnd);
  if (line.includes('|') || line.includes('\t')) return true;
  // A CSV row: four or more commas and no sentence ending the line.
  if (!/[.!?]\s*$/.test(line) && (line.match(/,/g)?.length ?? 0) >= 4 && !/, (?:and|or) /.test(line))
    return true;
  let rest = '';
  let at = lineStart;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start > at) rest += text.slice(at, s.start);
    rest += ' ';
    at = Math.max(at, s.end);
  }
  if (at < lineEnd) rest += text.slice(at, lineEnd);
  const words = rest.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
  return words.length <= MAX_LABEL_WORDS;
}
