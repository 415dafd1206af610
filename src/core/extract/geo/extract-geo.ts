/**
 * Country mentions and countries targeted. Mentions are case-aware (country words are proper nouns; two- and
 * three-letter designations must be written in capitals). A country is *targeted* when the text makes it the
 * victim: a victim noun after it ("US infrastructure", "U.S. telecommunications companies"), "in/across <country>"
 * in a sentence about attacks or victims, "<country>-based organizations", and the rest of a list that starts
 * with a targeted country. Countries a claim attributes an actor to are kept apart (see claims/).
 */
import type { Segment, Sentence, Token, TokenGate } from '../text/index.js';
import { segmentAt } from '../text/index.js';
import type { GeoEntry, GeoLexicon } from './geo-lexicon.js';

/** A country word in the text. */
export interface GeoMention {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly iso2: string;
  readonly kind: GeoEntry['kind'];
  readonly sovereign?: string;
  readonly first: number;
  readonly last: number;
  readonly furniture: boolean;
}

/** A targeted country. */
export interface TargetedCountry {
  readonly code: string;
  readonly name: string;
  readonly mentions: readonly { readonly start: number; readonly end: number }[];
  /** For territories (Guam): the sovereign state. */
  readonly sovereign?: string;
}

/** Finds country words (regions included, with `iso2` empty). */
export function findGeoMentions(
  text: string,
  tokens: readonly Token[],
  segments: readonly Segment[],
  lexicon: GeoLexicon,
  gate?: TokenGate,
): GeoMention[] {
  const out: GeoMention[] = [];
  for (const m of lexicon.matcher.scan(text, tokens, 0, tokens.length, gate)) {
    const e = pickEntry(m.values);
    if (!/^\p{Lu}/u.test(m.text)) continue;
    const letters = m.text.replace(/[^\p{L}]/gu, '');
    if (letters.length <= 3 && letters !== letters.toUpperCase()) continue;
    if (letters.length <= 2 && e.kind !== 'name') continue;
    // "U.S." ends with its abbreviation dot (the token stops before it).
    const end = text[m.end] === '.' && /^(?:\p{L}\.)+\p{L}$/u.test(m.text) ? m.end + 1 : m.end;
    out.push({
      start: m.start,
      end,
      text: text.slice(m.start, end),
      iso2: e.iso2,
      kind: e.kind,
      ...(e.sovereign ? { sovereign: e.sovereign } : {}),
      first: m.first,
      last: m.last,
      furniture: segmentAt(segments, m.start)?.kind === 'furniture',
    });
  }
  return out;
}

function pickEntry(values: readonly GeoEntry[]): GeoEntry {
  return (
    values.find((v) => v.kind === 'region') ??
    values.find((v) => v.kind === 'name') ??
    (values[0] as GeoEntry)
  );
}

const VICTIM_NOUNS = new Set([
  'infrastructure',
  'infrastructures',
  'networks',
  'network',
  'organizations',
  'organisations',
  'organization',
  'organisation',
  'companies',
  'company',
  'firms',
  'entities',
  'victims',
  'victim',
  'targets',
  'sectors',
  'sector',
  'utilities',
  'businesses',
  'energy',
  'water',
  'telecommunications',
  'telecom',
  'telecoms',
  'citizens',
  'systems',
  'servers',
  'providers',
  'hospitals',
  'schools',
  'universities',
  'banks',
  'facilities',
  'agencies',
  'institutions',
  'industry',
  'industries',
  'critical',
  'military',
  'defense',
  'defence',
  'users',
  'customers',
  'treasury',
  'ports',
  'pipelines',
  'grid',
  'election',
  'elections',
  'interests',
  'soil',
]);
/** Victim nouns that also head claimant phrases ("US officials", "US government"): only with an attack verb. */
const AMBIGUOUS_VICTIM = new Set([
  'officials',
  'government',
  'governments',
  'military',
  'agencies',
  'defense',
  'defence',
  'interests',
]);
/** A denial's sentence names the accused's own targets as accusations, not as facts. */
const DENIAL =
  /\b(?:fabricat\w*|false|lies?|smear\w*|disinformation|misinformation|groundless|baseless|so-called|hyped|rebut\w*|den(?:y|ies|ied))\b/i;
const ATTACK_WORDS =
  /\b(?:target(?:s|ed|ing)?|attack(?:s|ed|ing)?|breach(?:es|ed)?|compromis(?:e|ed|es|ing)|infiltrat(?:e|ed|ing)|intrusions?|hack(?:s|ed)?|infect(?:ed|ing|s)?|victims?|victimology|impact(?:ed)?|exploit(?:ed|ing)|spy(?:ing)?|espionage|ransomware|access(?:ed)?|disrupt(?:ed|ion)?)\b/i;
/** Longest stretch of a sentence read for its cue words. */
const MAX_SENTENCE = 4000;
const ADJECTIVES = new Set([
  'critical',
  'key',
  'major',
  'several',
  'many',
  'other',
  'large',
  'small',
  'local',
  'national',
  'federal',
  'state',
  'public',
  'private',
  'various',
]);

/** Countries the text names as targeted or victimised. */
export function findTargetedCountries(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
  mentions: readonly GeoMention[],
  lexicon: GeoLexicon,
): TargetedCountry[] {
  const hits = new Map<string, { start: number; end: number }[]>();
  const add = (m: GeoMention): void => {
    const list = hits.get(m.iso2) ?? [];
    list.push({ start: m.start, end: m.end });
    hits.set(m.iso2, list);
  };
  let si = 0;
  const sentFlags = { index: -1, attack: false, denial: false };
  const targeted = new Set<GeoMention>();
  for (const m of mentions) {
    if (m.furniture || m.iso2 === '' || m.kind === 'designation') continue;
    while (si < sentences.length && (sentences[si] as Sentence).end <= m.start) si++;
    const sent = sentences[si];
    // One test per sentence, not per mention (a sentence may hold thousands of country words).
    if (sentFlags.index !== si) {
      const sentenceText = sent ? text.slice(sent.start, Math.min(sent.end, sent.start + MAX_SENTENCE)) : '';
      sentFlags.index = si;
      sentFlags.attack = ATTACK_WORDS.test(sentenceText);
      sentFlags.denial = DENIAL.test(sentenceText);
    }
    const attack = sentFlags.attack;
    if (sentFlags.denial) continue;
    let ok = false;
    // "US infrastructure", "critical US energy", "U.S. telecommunications companies"
    for (let k = m.last; k < Math.min(tokens.length, m.last + 3); k++) {
      const t = tokens[k] as Token;
      if (sent && t.start >= sent.end) break;
      if (VICTIM_NOUNS.has(t.key)) {
        ok = !AMBIGUOUS_VICTIM.has(t.key) || attack;
        break;
      }
      if (!ADJECTIVES.has(t.key) && !(m.kind === 'name' && k === m.last && t.key === 's')) break;
    }
    // "<country>-based organizations"
    if (!ok && /^-based\b/.test(text.slice(m.end, m.end + 7))) ok = true;
    // "in / across / throughout (the) <country>" in a sentence about attacks or victims
    if (!ok && attack && m.kind === 'name') {
      const before = text.slice(Math.max(0, m.start - 24), m.start);
      if (/\b(?:in|across|throughout|within|inside|into)\s+(?:the\s+)?$/i.test(before)) ok = true;
      if (
        /\b(?:attacks?|cyberattacks?|operations|campaigns?|intrusions?|espionage|targeting|targeted|targets)\s+(?:against|on|in)\s+(?:the\s+)?$/i.test(
          before,
        )
      )
        ok = true;
    }
    if (ok) {
      targeted.add(m);
      add(m);
    }
  }
  // The rest of a list that starts with a targeted country ("in the U.S., followed by the U.K., Spain and Italy").
  for (let i = 0; i + 1 < mentions.length; i++) {
    const a = mentions[i] as GeoMention;
    const b = mentions[i + 1] as GeoMention;
    if (!targeted.has(a) || b.iso2 === '' || b.kind !== 'name' || b.furniture) continue;
    const between = text.slice(a.end, b.start);
    if (
      /^\.?\s*(?:,|and|or|&|as well as|followed by|,\s*followed by|,\s*and)?\s*(?:the\s+)?$/i.test(between) &&
      between.length < 20
    ) {
      targeted.add(b);
      add(b);
    }
  }
  const out: TargetedCountry[] = [];
  for (const [code, spans] of hits) {
    const c = lexicon.country(code);
    out.push({
      code,
      name: lexicon.displayName(code),
      mentions: spans,
      ...(c?.sovereign ? { sovereign: c.sovereign } : {}),
    });
  }
  return out.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
}
