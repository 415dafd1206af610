/**
 * Sectors: sector words in the text (catalog lexicon, case-insensitive, plurals) and NAICS tag blocks
 * ("NAICS: 517 – Telecommunications"), each reported once per NAICS code with its STIX `industry-sector-ov`
 * values and every mention. Ordinary words ("water", "government") count only in sector context: next to a
 * sector noun ("water facilities", "government sector") or in a list that ends in one ("energy, water, and other
 * infrastructure"). Page furniture is ignored; tag blocks count.
 */
import type { Segment, Token, TokenGate } from '../text/index.js';
import { segmentAt } from '../text/index.js';
import type { SectorLexicon, SectorWord } from './sector-lexicon.js';

/** One sector of a document. */
export interface ExtractedSector {
  /** NAICS title where the code is known, else the word. */
  readonly name: string;
  readonly naics: string | null;
  readonly stix_sector: string | null;
  readonly mentions: readonly { readonly start: number; readonly end: number }[];
  /** The words used in the text. */
  readonly terms: readonly string[];
}

const SECTOR_NOUNS = new Set([
  'sector',
  'sectors',
  'industry',
  'industries',
  'organizations',
  'organisations',
  'companies',
  'firms',
  'entities',
  'providers',
  'facilities',
  'infrastructure',
  'utilities',
  'operators',
  'systems',
  'networks',
  'agencies',
  'institutions',
  'businesses',
  'vertical',
  'verticals',
  'targets',
  'victims',
  'services',
  'plants',
  'suppliers',
  'contractors',
  'departments',
  'bodies',
  'pipelines',
  'grid',
  'grids',
]);
const LIST_GLUE = new Set(['and', 'or', 'other', 'the', 'as', 'well', 'including', 'critical', 'key']);

/** Words that name a technology more often than a victim sector: only "X sector/industry/companies" counts. */
const TECH_WORDS = new Set([
  'cloud',
  'hosting',
  'software',
  'port',
  'ports',
  'data center',
  'wireless',
  'satellite',
  'power',
  'space',
  'research',
  'payment',
  'media',
  'news',
  'cybersecurity',
  'security',
  'programming',
  'environment',
  'journalists',
  'journalism',
  'technology',
  'internet',
  'web',
  'online',
  'network',
  'networking',
  'computing',
  'digital',
  'communications',
]);
const STRICT_NOUNS = new Set([
  'sector',
  'sectors',
  'industry',
  'industries',
  'companies',
  'organizations',
  'organisations',
  'firms',
  'vertical',
  'verticals',
  'operators',
  'entities',
]);

/** Char codes that end a sector list between two words (`/[.;:!?\n()]/`). */
const LIST_END = new Set([...'.;:!?\n()'].map((c) => c.charCodeAt(0)));

/** Whether `text[from, to)` holds a character of `codes` (the gap between two tokens; no substring made). */
function gapHas(text: string, from: number, to: number, codes: ReadonlySet<number>): boolean {
  for (let k = from; k < to; k++) if (codes.has(text.charCodeAt(k))) return true;
  return false;
}
const COMMA = new Set([44]);

function inSectorContext(
  tokens: readonly Token[],
  text: string,
  first: number,
  last: number,
  strict = false,
): boolean {
  const nouns = strict ? STRICT_NOUNS : SECTOR_NOUNS;
  // Right side: a sector noun right after the word, or a comma list ("energy, water, and other infrastructure",
  // "communications, manufacturing, utility, … and education sectors") that ends in one.
  let run = 0;
  for (let k = last; k < Math.min(tokens.length, last + 30); k++) {
    const t = tokens[k] as Token;
    const gapStart = (tokens[k - 1] as Token).end;
    if (gapHas(text, gapStart, t.start, LIST_END)) return false;
    if (nouns.has(t.key)) return true;
    if (gapHas(text, gapStart, t.start, COMMA) || LIST_GLUE.has(t.key)) run = 0;
    else if (++run > 2) return false;
  }
  // Left side: "sectors such as X", "targeting the X".
  const before = text.slice(Math.max(0, (tokens[first] as Token).start - 40), (tokens[first] as Token).start);
  return (
    /\b(?:sectors?|industr(?:y|ies)|verticals?)\s+(?:such as|like|including|include|includes|of)\s+(?:the\s+)?$/i.test(
      before,
    ) || /\b(?:targets?(?:ed|ing)?|attack(?:ed|s|ing)?)\s+(?:the\s+)?$/i.test(before)
  );
}

/** "US government", "Chinese military": the state itself, not a victim sector. */
const STATE_WORDS = new Set(['government', 'military', 'defense', 'defence', 'intelligence']);
const GEO_BEFORE =
  /\b(?:U\.?S\.?A?|American|Chinese|China[’']?s?|Russian|Russia[’']?s?|Iranian|Iran[’']?s?|North Korean|Korean|British|UK|Israeli|Ukrainian|Taiwanese|Japanese|Indian|Pakistani|federal|the state|state)\s*$/i;

/** NAICS tag lines: "NAICS: 921 – Executive" with continuation lines. */
const NAICS_TAG = /^\s*NAICS\s*:?\s*(\d{3,6}|\d{2}(?:-\d{2})?)\s*[–—-]?\s*(.*)$/gim;
/** The literal every NAICS tag line holds (the same case folding as NAICS_TAG). */
const NAICS_WORD = /naics/i;

/** Finds the sectors of a document. */
export function extractSectors(
  text: string,
  tokens: readonly Token[],
  segments: readonly Segment[],
  lexicon: SectorLexicon,
  gate?: TokenGate,
): ExtractedSector[] {
  const byKey = new Map<
    string,
    {
      word: SectorWord | undefined;
      naics: string | null;
      stix: Set<string>;
      mentions: { start: number; end: number }[];
      terms: Set<string>;
    }
  >();
  const add = (
    naics: string | null,
    term: string,
    word: SectorWord | undefined,
    start: number,
    end: number,
    stix: readonly string[],
  ): void => {
    const key = naics ?? `term:${term.toLowerCase()}`;
    const slot = byKey.get(key) ?? {
      word,
      naics,
      stix: new Set<string>(),
      mentions: [],
      terms: new Set<string>(),
    };
    for (const s of stix) slot.stix.add(s);
    slot.mentions.push({ start, end });
    slot.terms.add(term);
    byKey.set(key, slot);
  };
  for (const m of lexicon.matcher.scan(text, tokens, 0, tokens.length, gate)) {
    const seg = segmentAt(segments, m.start);
    if (seg?.kind === 'furniture') continue;
    // A word listed both as ordinary and as distinctive ("hospital" / "hospitals") counts as distinctive.
    const w = m.values.find((v) => !v.weak) ?? (m.values[0] as SectorWord);
    if (seg?.kind === 'tags') continue;
    const lower = m.text.toLowerCase();
    if (w.weak && !inSectorContext(tokens, text, m.first, m.last, TECH_WORDS.has(lower))) continue;
    if (/\bmalicious\s+$/i.test(text.slice(Math.max(0, m.start - 12), m.start))) continue;
    if (
      STATE_WORDS.has(m.text.toLowerCase()) &&
      GEO_BEFORE.test(text.slice(Math.max(0, m.start - 20), m.start)) &&
      !/^\s+sectors?\b/i.test(text.slice(m.end, m.end + 10))
    )
      continue;
    // Proper names that contain a sector word ("China Media Group", "Department of Energy") are not sectors.
    if (/^\p{Lu}/u.test(m.text) && properName(text, tokens, m.first, m.last)) continue;
    add(w.naics, m.text.toLowerCase(), w, m.start, m.end, w.stix);
  }
  // The tag pattern tries every line start; most documents have no "NAICS" at all, which a literal search tells fast.
  NAICS_TAG.lastIndex = 0;
  for (let m = NAICS_WORD.test(text) ? NAICS_TAG.exec(text) : null; m !== null; m = NAICS_TAG.exec(text)) {
    const code = m[1] as string;
    const naics = lexicon.index.get(code);
    if (!naics) continue;
    // The STIX sector most of the lexicon words for this code carry.
    const votes = new Map<string, number>();
    for (const t of lexicon.index.lexicon)
      if (t.naics.includes(naics.code)) for (const v of t.stix) votes.set(v, (votes.get(v) ?? 0) + 1);
    const stix = [...votes.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
    add(naics.code, `NAICS ${naics.code}`, undefined, m.index, m.index + m[0].length, stix);
  }
  const out: ExtractedSector[] = [];
  for (const slot of byKey.values()) {
    const code = slot.naics ? lexicon.index.get(slot.naics) : undefined;
    out.push({
      name: code?.title ?? [...slot.terms][0] ?? '',
      naics: code?.code ?? slot.naics,
      stix_sector: [...slot.stix][0] ?? null,
      mentions: slot.mentions.sort((a, b) => a.start - b.start),
      terms: [...slot.terms],
    });
  }
  return out.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
}

/** The match sits inside a run of capitalised words (an organisation's name). */
function properName(text: string, tokens: readonly Token[], first: number, last: number): boolean {
  const cap = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && /^\p{Lu}/u.test(text[t.start] ?? '');
  };
  const prevGap =
    first > 0 ? text.slice((tokens[first - 1] as Token).end, (tokens[first] as Token).start) : '\n';
  const nextGap =
    last < tokens.length ? text.slice((tokens[last - 1] as Token).end, (tokens[last] as Token).start) : '\n';
  const ofBefore = first > 1 && (tokens[first - 1] as Token).key === 'of' && cap(first - 2);
  return (
    (cap(first - 1) && /^ $/.test(prevGap) && !/[.!?]\s*$/.test(prevGap)) ||
    (cap(last) && /^ $/.test(nextGap) && (tokens[last] as Token).key !== 'and') ||
    ofBefore
  );
}
