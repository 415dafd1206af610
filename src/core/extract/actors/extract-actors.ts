/**
 * Actor extraction: catalog aliases found word-bounded and case-aware, resolved to canonical actors, with every
 * other name the text uses for the same actor (`aliases_mentioned`, tag blocks included); names that only fit a
 * vendor naming pattern are reported as unlisted with the pattern's hint. Short and common-word aliases and
 * aliases that are also malware names count only with an actor cue nearby ("group", "APT", "actors", "aka"…).
 * "X, also known as Y and Z" in the text merges the names into one actor. Malware families the catalog lists only
 * as software are actors where a group word ties the name to people ("the LockBit gang"; software-groups.ts).
 */
import type { AliasIndexEntry, AliasLink } from '../../catalog/index.js';
import { type Segment, type Sentence, segmentAt, type Token, type TokenGate } from '../text/index.js';
import type { ActorLexicon } from './actor-lexicon.js';
import type { ActorExtraction, ActorMention, ExtractedActor } from './actor-types.js';
import { softwareGroups } from './software-groups.js';
import { unlistedNames } from './unlisted-names.js';

export type { ActorExtraction, ActorMention, ExtractedActor, TextSpan, UnlistedHint } from './actor-types.js';

const ACTOR_CUE = new Set([
  'group',
  'groups',
  'actor',
  'actors',
  'apt',
  'gang',
  'crew',
  'cluster',
  'hackers',
  'hacker',
  'operators',
  'threat',
  'adversary',
  'intrusion',
  'collective',
  'syndicate',
  'aka',
  'alias',
  'dubbed',
  'tracked',
  'known',
  'attributed',
  'affiliated',
  'sponsored',
  'backed',
  'linked',
  'nexus',
  'apts',
]);
const SOFTWARE_CUE = new Set([
  'malware',
  'ransomware',
  'backdoor',
  'trojan',
  'loader',
  'payload',
  'payloads',
  'strain',
  'strains',
  'variant',
  'variants',
  'family',
  'families',
  'implant',
  'rat',
  'stealer',
  'sample',
  'samples',
  'binary',
  'binaries',
  'dropper',
  'webshell',
  'tool',
  'tools',
  'toolkit',
  'framework',
  'beacon',
  'encryptor',
  'locker',
  'wiper',
  'botnet',
  'worm',
  'virus',
  'exploit',
  'kit',
  'builder',
  'infections',
  'infection',
]);

/** Words within `window` words of the match (tokens inside link targets such as `(https://…)` do not count). */
function hasCue(
  tokens: readonly Token[],
  first: number,
  last: number,
  set: ReadonlySet<string>,
  window: number,
  inUrl: Uint8Array,
): boolean {
  for (let k = first - 1, seen = 0; k >= 0 && seen < window; k--) {
    if (inUrl[k]) continue;
    seen++;
    if (set.has((tokens[k] as Token).key)) return true;
  }
  // Forward, a little further ("X is a financially motivated threat group"), but a software noun first ("X is a
  // backdoor used by the group") means the name is the software's.
  for (let k = last, seen = 0; k < tokens.length && seen < window + 3; k++) {
    if (inUrl[k]) continue;
    seen++;
    const key = (tokens[k] as Token).key;
    if (SOFTWARE_CUE.has(key) && !set.has(key)) return false;
    if (set.has(key)) return true;
  }
  return false;
}

/** Marks the tokens inside URLs (`https://…`, Markdown link targets). */
function urlTokens(text: string, tokens: readonly Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  const re = /\b(?:https?|hxxps?|ftp):\/\/[^\s)\]]+/gi;
  let k = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    while (k < tokens.length && (tokens[k] as Token).start < m.index) k++;
    while (k < tokens.length && (tokens[k] as Token).start < end) out[k++] = 1;
  }
  return out;
}

function followedBySoftwareNoun(tokens: readonly Token[], last: number): boolean {
  for (let k = last; k < Math.min(tokens.length, last + 2); k++)
    if (SOFTWARE_CUE.has((tokens[k] as Token).key)) return true;
  return false;
}

const flat = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '');
/** `flat` of the catalog's spellings and aliases, made once per string (they are compared for every mention). */
const flatCache = new Map<string, string>();

function flatSpelling(s: string): string {
  let f = flatCache.get(s);
  if (f === undefined) {
    f = flat(s);
    flatCache.set(s, f);
  }
  return f;
}

/** The surface is written as the catalog writes it (exact case), or has capitals where a spelling has. */
function caseFits(surface: string, entry: AliasIndexEntry): boolean {
  if (exactCase(surface, entry)) return true;
  return /\p{Lu}/u.test(surface) && !(surface === surface.toLowerCase());
}

function exactCase(surface: string, entry: AliasIndexEntry): boolean {
  const f = flat(surface);
  return entry.spellings.some((s) => flatSpelling(s) === f) || flatSpelling(entry.alias) === f;
}

const ALIAS_STATEMENT =
  /\b(?:also known as|aka|a\.k\.a\.?|also tracked as|tracked as|also called|also referred to as|known as|dubbed|formerly|or)\b/i;

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly first: number;
  readonly last: number;
  readonly text: string;
  readonly entry: AliasIndexEntry;
  readonly furniture: boolean;
  readonly tags: boolean;
  readonly sentence: number;
  /** Accepted without needing another mention to vouch for it. */
  readonly strong: boolean;
}

function sentenceIndex(sentences: readonly Sentence[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = sentences[mid] as Sentence;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Per-token bits of the word sets the actor passes test on every token (speed only): `people` for `PEOPLE_KEYS`,
 * `patternWords` for the lexicon's naming-pattern words, set in the document's shared first-token mask.
 */
export interface ActorWordGates {
  readonly people: TokenGate;
  readonly patternWords: TokenGate;
}

/** Finds the actors of a document. */
export function extractActors(
  text: string,
  tokens: readonly Token[],
  sentences: readonly Sentence[],
  segments: readonly Segment[],
  lexicon: ActorLexicon,
  gate?: TokenGate,
  words?: ActorWordGates,
): ActorExtraction {
  const found: Candidate[] = [];
  const rejected: Candidate[] = [];
  const inUrl = urlTokens(text, tokens);
  for (const m of lexicon.matcher.scan(text, tokens, 0, tokens.length, gate)) {
    const entry = m.values[0] as AliasIndexEntry;
    const seg = segmentAt(segments, m.start);
    const tags = seg?.kind === 'tags';
    const furniture = seg?.kind === 'furniture';
    if (!caseFits(m.text, entry)) continue;
    const needsContext = entry.short || entry.common_word || entry.software_name;
    const cue = hasCue(tokens, m.first, m.last, ACTOR_CUE, 3, inUrl);
    const softNoun = followedBySoftwareNoun(tokens, m.last);
    if (entry.software_name && softNoun) continue;
    // Part of a longer software name ("Cobalt" in "Cobalt Strike").
    const next = tokens[m.last];
    if (
      next &&
      next.start - m.end === 1 &&
      lexicon.isSoftware(`${m.text} ${text.slice(next.start, next.end)}`)
    )
      continue;
    const cand: Candidate = {
      start: m.start,
      end: m.end,
      first: m.first,
      last: m.last,
      text: m.text,
      entry,
      furniture,
      tags,
      sentence: sentenceIndex(sentences, m.start),
      strong: !needsContext || (tags && exactCase(m.text, entry)) || (cue && exactCase(m.text, entry)),
    };
    if (needsContext && (entry.short || entry.common_word) && !exactCase(m.text, entry)) continue;
    if (cand.strong) found.push(cand);
    else rejected.push(cand);
  }
  // A weak alias counts once the same name has been vouched for elsewhere in the text.
  const vouched = new Set(found.map((c) => c.entry.key));
  for (const c of rejected) if (vouched.has(c.entry.key) && c.entry.software_name) found.push(c);
  found.sort((a, b) => a.start - b.start);

  // Resolve each name to one actor: unique link, the link whose actor is named by its canonical name in the text,
  // the single primary link, else the first ordered candidate.
  const canonicalInText = new Set<string>();
  for (const c of found)
    for (const l of c.entry.candidates) if (keyOf(l.actor_name) === c.entry.key) canonicalInText.add(l.actor);
  const groups = aliasGroups(text, found);
  const resolved = new Map<string, string>();
  for (const group of groups) {
    const keys = [...new Set(group.map((c) => c.entry.key))];
    if (keys.length > 1) {
      const score = new Map<string, number>();
      for (const c of group) {
        for (const l of new Set(c.entry.candidates.map((x) => x.actor)))
          score.set(l, (score.get(l) ?? 0) + 1);
      }
      const ranked = [...score.entries()].sort(
        (a, b) =>
          b[1] - a[1] ||
          Number(canonicalInText.has(b[0])) - Number(canonicalInText.has(a[0])) ||
          rankId(a[0]).localeCompare(rankId(b[0])),
      );
      const best = ranked[0]?.[0];
      if (best && (ranked[0]?.[1] ?? 0) >= 2)
        for (const k of keys) if (!resolved.has(k)) resolved.set(k, best);
    }
  }
  for (const c of found) {
    if (resolved.has(c.entry.key)) continue;
    resolved.set(c.entry.key, pickLink(c.entry, canonicalInText).actor);
  }

  const byActor = new Map<string, { names: Map<string, string>; mentions: Candidate[] }>();
  for (const c of found) {
    const id = resolved.get(c.entry.key) as string;
    const slot = byActor.get(id) ?? { names: new Map<string, string>(), mentions: [] as Candidate[] };
    if (!slot.names.has(c.entry.key)) slot.names.set(c.entry.key, c.text.replace(/\s+/g, ' '));
    slot.mentions.push(c);
    byActor.set(id, slot);
  }
  const actors: ExtractedActor[] = [];
  const mentions: ActorMention[] = [];
  for (const [id, slot] of byActor) {
    const link = linkFor(found, id);
    const name = lexicon.actorName(id) ?? link?.actor_name ?? id;
    const canonicalKey = keyOf(name);
    actors.push({
      name,
      attack_id: link?.attack_id ?? null,
      catalog_id: id,
      aliases_mentioned: [...slot.names.entries()].filter(([k]) => k !== canonicalKey).map(([, v]) => v),
      role: slot.mentions.every((m) => m.furniture) ? 'mentioned' : 'subject',
      mentions: slot.mentions.map((m) => ({ start: m.start, end: m.end })),
    });
    for (const m of slot.mentions)
      mentions.push({ start: m.start, end: m.end, actor: name, text: m.text, furniture: m.furniture });
  }
  for (const u of unlistedNames(text, tokens, segments, found, lexicon, words?.patternWords)) {
    actors.push(u.actor);
    mentions.push(...u.mentions);
  }
  for (const g of softwareGroups(text, tokens, segments, [...found, ...mentions], lexicon, words?.people)) {
    actors.push(g.actor);
    mentions.push(...g.mentions);
  }
  mentions.sort((a, b) => a.start - b.start);
  actors.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
  return { actors, mentions };
}

/** Keys of catalog actor names, made once per name (the same names are compared for every mention). */
const keyCache = new Map<string, string>();

function keyOf(s: string): string {
  let key = keyCache.get(s);
  if (key === undefined) {
    key = s
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
    keyCache.set(s, key);
  }
  return key;
}

/** Orders catalog ids: ATT&CK G-ids by number, then the others. */
function rankId(id: string): string {
  return /^G\d{4}$/.test(id) ? `0${id}` : `1${id}`;
}

function pickLink(entry: AliasIndexEntry, canonicalInText: ReadonlySet<string>): AliasLink {
  const c = entry.candidates;
  if (c.length === 1) return c[0] as AliasLink;
  const own = c.find((l) => keyOf(l.actor_name) === entry.key);
  if (own) return own;
  const inText = c.filter((l) => canonicalInText.has(l.actor));
  if (inText.length === 1) return inText[0] as AliasLink;
  const primary = c.filter((l) => l.primary);
  if (primary.length === 1) return primary[0] as AliasLink;
  return c[0] as AliasLink;
}

function linkFor(found: readonly Candidate[], actorId: string): AliasLink | undefined {
  for (const c of found) for (const l of c.entry.candidates) if (l.actor === actorId) return l;
  return undefined;
}

/** Names tied by an alias statement in one sentence ("X, also known as Y and Z", "X (aka Y)"). */
function aliasGroups(text: string, found: readonly Candidate[]): Candidate[][] {
  const out: Candidate[][] = [];
  let i = 0;
  while (i < found.length) {
    const group: Candidate[] = [found[i] as Candidate];
    let j = i + 1;
    while (j < found.length) {
      const prev = group[group.length - 1] as Candidate;
      const next = found[j] as Candidate;
      if (next.sentence !== prev.sentence || next.start - prev.end > 60) break;
      const between = text.slice(prev.end, next.start);
      if (
        !ALIAS_STATEMENT.test(between) &&
        !/^\s*(?:,|and|\(|\/)\s*$/i.test(between) &&
        !/^[\s-]*affiliated actors,?\s/i.test(between)
      )
        break;
      group.push(next);
      j++;
    }
    if (
      group.length > 1 &&
      group.some(
        (g, k) => k > 0 && ALIAS_STATEMENT.test(text.slice((group[k - 1] as Candidate).end, g.start)),
      )
    )
      out.push(group);
    i = j;
  }
  return out;
}
