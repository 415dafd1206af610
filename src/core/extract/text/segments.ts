/**
 * Page furniture and tag blocks: the parts of a scraped article that are not the article — "Related articles"
 * and "Read more" link lists, "Latest in …" rails, author boxes, share/follow lines, site footers — and the
 * aggregator's tag block ("Related Tags:", "Tags:") whose lines name the article's actors and sectors.
 * Actors named only in furniture are `mentioned`, never the subject; claims are not read from furniture.
 */

/** A region of the text with its role. */
export interface Segment {
  readonly start: number;
  readonly end: number;
  /** `furniture`: not article text; `tags`: the article's own tag block (one tag per line). */
  readonly kind: 'furniture' | 'tags';
  /** The heading line that opened the region. */
  readonly heading: string;
}

/** Headings that open a link rail or footer running to the end of the page (or the next tag block). */
const FURNITURE_HEADING =
  /^(?:related(?: articles| posts| stories| news| content| reading| coverage)?|read more|more from\b.*|latest in\b.*|latest (?:news|articles|stories)|you (?:may|might) also like|recommended(?: for you| articles| stories)?|most (?:read|popular|viewed)|trending(?: now| stories)?|popular (?:posts|stories|articles)|see also|also read|further reading|more (?:news|stories|articles)|share this(?: article| story)?|follow us\b.*|subscribe\b.*|sign up\b.*|newsletter|about the author|comments?|leave a (?:reply|comment)|(?:\/)?reports, release notes, official announcements\.?|©.*|copyright\b.*|all rights reserved\.?)\s*:?$/i;

/** A tag block heading; its lines up to a blank line or another heading are tags. */
const TAG_HEADING = /^(?:related tags|tags|tagged|topics|keywords)\s*:\s*$/i;
/** Lines that end a tag block. */
const TAG_END = /^(?:associated indicators|indicators|share|related articles|comments?)\b.*:?\s*$/i;

/** Lines that are furniture on their own (social/follow lines), wherever they are. */
const FURNITURE_LINE =
  /^(?:follow (?:me|us) on\b|share (?:on|this)\b|click (?:here )?to share|image credit|\(image credit|photo:|credit:)/i;

/** Longest line read as a heading, tag or furniture line. */
const MAX_HEADING = 200;
/** Stand-in text of longer lines (matches no heading pattern, ends a tag block). */
const LONG_LINE = '\u0000'.repeat(MAX_HEADING + 1);

/** Finds furniture regions and tag blocks. Regions do not overlap and are sorted. */
export function findSegments(text: string): Segment[] {
  const out: Segment[] = [];
  const lines: { start: number; end: number; text: string }[] = [];
  // Headings, tags and furniture lines are short: longer lines are kept without their text.
  for (let s = 0; s <= text.length; ) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = text.length;
    lines.push({ start: s, end: e, text: e - s <= MAX_HEADING ? text.slice(s, e).trim() : LONG_LINE });
    s = e + 1;
  }
  let furnitureFrom = -1;
  let furnitureHeading = '';
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as (typeof lines)[number];
    if (TAG_HEADING.test(line.text)) {
      if (furnitureFrom >= 0) {
        out.push({ start: furnitureFrom, end: line.start, kind: 'furniture', heading: furnitureHeading });
        furnitureFrom = -1;
      }
      let k = li + 1;
      while (k < lines.length) {
        const t = (lines[k] as (typeof lines)[number]).text;
        if (t === '' || TAG_END.test(t) || TAG_HEADING.test(t) || t.length > 120) break;
        k++;
      }
      const end = k > li + 1 ? (lines[k - 1] as (typeof lines)[number]).end : line.end;
      out.push({ start: line.start, end, kind: 'tags', heading: line.text });
      li = k - 1;
      continue;
    }
    if (furnitureFrom < 0 && FURNITURE_HEADING.test(line.text) && line.text.length > 0) {
      furnitureFrom = line.start;
      furnitureHeading = line.text;
      continue;
    }
    if (furnitureFrom < 0 && FURNITURE_LINE.test(line.text)) {
      out.push({ start: line.start, end: line.end, kind: 'furniture', heading: line.text.slice(0, 40) });
    }
  }
  if (furnitureFrom >= 0)
    out.push({ start: furnitureFrom, end: text.length, kind: 'furniture', heading: furnitureHeading });
  // Inline "Follow me on Twitter: …" tails inside a long scraped line.
  const follow = /Follow (?:me|us) on (?:Twitter|X|Facebook|LinkedIn|Mastodon)\b/g;
  for (let m = follow.exec(text); m !== null; m = follow.exec(text)) {
    const lineEnd = text.indexOf('\n', m.index);
    const end = lineEnd < 0 ? text.length : lineEnd;
    if (!out.some((x) => x.start <= m.index && x.end >= end))
      out.push({ start: m.index, end, kind: 'furniture', heading: m[0] });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The segment containing `offset`, if any. */
export function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  for (const s of segments) if (offset >= s.start && offset < s.end) return s;
  return undefined;
}
