/**
 * Sigma string patterns (`*` any run, `?` one character) compiled to the cheapest predicate: equality,
 * startsWith, endsWith, includes, or a linear-time glob (leftmost segment search, no backtracking).
 * Case-insensitive patterns are lowercased once here; callers pass lowercased event values.
 */
import { QMARK, STAR, type StrPart } from './sigma-value.js';

interface Segment {
  readonly text: string;
  /** Positions of `?` within `text` (null when none). */
  readonly any: readonly boolean[] | null;
}

function segmentsOf(
  parts: readonly StrPart[],
  lower: boolean,
): { segs: Segment[]; lead: boolean; trail: boolean } {
  const segs: Segment[] = [];
  let text = '';
  let any: boolean[] = [];
  let hasAny = false;
  const push = () => {
    segs.push({ text, any: hasAny ? any : null });
    text = '';
    any = [];
    hasAny = false;
  };
  for (const p of parts) {
    if (p === STAR) push();
    else if (p === QMARK) {
      text += '?';
      any.push(true);
      hasAny = true;
    } else if (typeof p === 'string') {
      const t = lower ? p.toLowerCase() : p;
      text += t;
      for (let i = 0; i < t.length; i++) any.push(false);
    }
  }
  push();
  const lead = parts[0] === STAR;
  const trail = parts[parts.length - 1] === STAR;
  return { segs, lead, trail };
}

function matchAt(s: string, at: number, seg: Segment): boolean {
  const t = seg.text;
  if (at < 0 || at + t.length > s.length) return false;
  const any = seg.any;
  for (let i = 0; i < t.length; i++) {
    if (any?.[i]) continue;
    if (s.charCodeAt(at + i) !== t.charCodeAt(i)) return false;
  }
  return true;
}

function indexOfSeg(s: string, seg: Segment, from: number): number {
  if (seg.any === null) return s.indexOf(seg.text, from);
  for (let i = from; i + seg.text.length <= s.length; i++) if (matchAt(s, i, seg)) return i;
  return -1;
}

/** Compiles string parts into a predicate over (already case-folded when `lower`) strings. */
export function compileStringPattern(parts: readonly StrPart[], lower: boolean): (s: string) => boolean {
  const { segs, lead, trail } = segmentsOf(parts, lower);
  const nonEmpty = segs.filter((s) => s.text.length > 0);
  const simple = segs.every((s) => s.any === null);
  if (segs.length === 1) {
    const seg = segs[0]!;
    if (seg.any === null) {
      const t = seg.text;
      return (s) => s === t;
    }
    return (s) => s.length === seg.text.length && matchAt(s, 0, seg);
  }
  if (simple && segs.length === 2) {
    const [a, b] = [segs[0]!.text, segs[1]!.text];
    if (a === '' && b === '') return () => true;
    if (a === '') return (s) => s.endsWith(b);
    if (b === '') return (s) => s.startsWith(a);
    return (s) => s.length >= a.length + b.length && s.startsWith(a) && s.endsWith(b);
  }
  if (simple && segs.length === 3 && lead && trail && nonEmpty.length === 1) {
    const t = nonEmpty[0]!.text;
    return (s) => s.includes(t);
  }
  // At least one `*`: the first segment is anchored at 0 and the last at the end ('' when the pattern
  // starts/ends with `*`); middle segments are found leftmost, which is exact for `*`-globs.
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  const middle = segs.slice(1, -1).filter((s) => s.text.length > 0);
  const minLen = segs.reduce((n, s) => n + s.text.length, 0);
  return (s) => {
    if (s.length < minLen || !matchAt(s, 0, first)) return false;
    let pos = first.text.length;
    const end = s.length - last.text.length;
    if (end < pos || !matchAt(s, end, last)) return false;
    for (const seg of middle) {
      const i = indexOfSeg(s, seg, pos);
      if (i < 0 || i + seg.text.length > end) return false;
      pos = i + seg.text.length;
    }
    return true;
  };
}

/** The longest wildcard-free literal of a pattern (lowercased), or null when there is none. */
export function longestLiteral(parts: readonly StrPart[]): string | null {
  let best = '';
  for (const p of parts) if (typeof p === 'string' && p.length > best.length) best = p;
  return best.length > 0 ? best.toLowerCase() : null;
}
