/**
 * Criminal groups named after their malware: the catalog lists many ransomware and malware families only as
 * software (LockBit, Conti, Hive, Cl0p…), but reports also use the name for the people behind it ("the LockBit
 * gang", "Hive affiliates", "operators of Conti", "ransomware groups such as LockBit"). Such a name is an actor
 * only where a group word ties it to people; written as a payload ("LockBit ransomware", "the Conti binary") it stays
 * malware. Tools (Cobalt Strike, Mimikatz) are never read as groups: "Cobalt Strike operators" are its users.
 */
import { nameKey } from '../../catalog/index.js';
import { type Segment, segmentAt, type Token, type TokenGate } from '../text/index.js';
import type { ActorLexicon } from './actor-lexicon.js';
import type { ActorMention, ExtractedActor } from './actor-types.js';

/** A capitalised name of one or two words ("LockBit", "Black Basta", "Cl0p"); malware names are ASCII. */
const NAME = '[A-Z][A-Za-z0-9]*(?:[ -][A-Z][A-Za-z0-9]*)?';
/** Words for the people behind a malware family. */
const PEOPLE = `(?:gangs?|groups?|crews?|cartels?|syndicates?|collectives?|operators?|affiliates?|actors?|members|threat actors?|hackers)`;
/** Kinds of group placed between the name and the people word ("LockBit ransomware gang"). */
const KIND = `(?:(?:ransomware|RaaS|extortion|cyber ?crim(?:e|inal)|criminal|hacking|threat)[ -])?`;

/** "<Name> (ransomware) gang", "<Name>'s affiliates". */
const AFTER = new RegExp(String.raw`\b(${NAME})(?:['’]s)? ${KIND}${PEOPLE}\b`, 'g');
/** "affiliates of (the) <Name>", "operators behind <Name>". */
const BEFORE = new RegExp(
  String.raw`\b(?:[Aa]ffiliates|[Oo]perators|[Mm]embers|[Dd]evelopers|[Aa]dministrators|[Ll]eaders?|[Pp]eople|[Gg]roup|[Gg]ang|[Cc]rew)\s+(?:of|behind)\s+(?:the\s+)?(${NAME})`,
  'g',
);
/** "(ransomware) groups such as <Name>, <Name> and <Name>". */
const LIST = new RegExp(
  String.raw`\b(?:gangs|groups|operators|actors|crews|cartels|syndicates|collectives)\s+(?:such as|like|including)\s+((?:${NAME})(?:\s*(?:,|and|or|,\s*and)\s*${NAME}){0,5})`,
  'g',
);
/** A payload noun right after the name makes it the malware ("LockBit ransomware affiliates" stays a group). */
const PAYLOAD_AFTER =
  /^\s+(?:ransomware|malware|payloads?|binar(?:y|ies)|samples?|variants?|strains?|encryptors?|builds?|loaders?|families)\b(?!\s+(?:gangs?|groups?|crews?|operators?|affiliates?|actors?))/iu;

/** Capitalised function words that may open a sentence before the name. */
const FUNCTION_WORDS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'unlike',
  'like',
  'both',
  'while',
  'when',
  'as',
  'by',
  'with',
  'from',
  'for',
  'and',
  'but',
  'other',
  'several',
  'many',
  'some',
  'all',
]);

/** Malware families (not tools) the catalog lists as software but not as an actor. */
function isGroupNamedSoftware(name: string, lexicon: ActorLexicon): boolean {
  // Demonyms and country names that some ransomware list also carries ("Korean") are the people's origin.
  const kinds = lexicon.softwareKinds(name);
  if (kinds.length === 0 || kinds.includes('tool') || kinds.includes('rmm-tool')) return false;
  if (!kinds.includes('ransomware') && !kinds.includes('malware')) return false;
  return !lexicon.knownActorName(name) && !lexicon.isPlaceName(name);
}

/**
 * Malware names used as group names, outside the spans of catalog actors already found. Each gets
 * `attack_id: null`, `catalog_id: null` and `software` (the catalog's name for the family).
 */
export function softwareGroups(
  text: string,
  tokens: readonly Token[],
  segments: readonly Segment[],
  taken: readonly { readonly start: number; readonly end: number }[],
  lexicon: ActorLexicon,
  people?: TokenGate,
): { actor: ExtractedActor; mentions: ActorMention[] }[] {
  const byKey = new Map<
    string,
    { name: string; software: string; spans: { start: number; end: number }[] }
  >();
  const consider = (written: string, start: number): void => {
    // "Black Basta gang" is tried as written; "The LockBit gang" at a sentence start without its function word.
    const words = written.split(/[ -]/);
    const tries =
      words.length > 1 && FUNCTION_WORDS.has((words[0] as string).toLowerCase())
        ? [words[words.length - 1] as string]
        : [written];
    for (const name of tries) {
      const at = start + written.length - name.length;
      const end = at + name.length;
      if (taken.some((t) => at < t.end && end > t.start)) return;
      if (!isGroupNamedSoftware(name, lexicon)) continue;
      const key = nameKey(name);
      const slot = byKey.get(key) ?? { name, software: lexicon.softwareName(name) ?? name, spans: [] };
      if (!slot.spans.some((s) => s.start === at)) slot.spans.push({ start: at, end });
      byKey.set(key, slot);
      return;
    }
  };
  // The patterns run only near a people word ("gang", "affiliates", "groups"…): a few hundred characters each.
  for (const [from, to] of peopleWindows(text, tokens, people)) {
    const part = text.slice(from, to);
    for (const re of [AFTER, BEFORE]) {
      re.lastIndex = 0;
      for (let m = re.exec(part); m !== null; m = re.exec(part)) {
        const name = m[1] as string;
        const at = from + m.index + m[0].indexOf(name, re === AFTER ? 0 : m[0].length - name.length - 1);
        if (re === BEFORE && PAYLOAD_AFTER.test(text.slice(at + name.length, at + name.length + 40)))
          continue;
        consider(name, at);
      }
    }
    LIST.lastIndex = 0;
    for (let m = LIST.exec(part); m !== null; m = LIST.exec(part)) {
      const list = m[1] as string;
      const base = from + m.index + m[0].length - list.length;
      const item = new RegExp(NAME, 'g');
      for (let n = item.exec(list); n !== null; n = item.exec(list)) {
        const after = text.slice(base + n.index + n[0].length, base + n.index + n[0].length + 40);
        if (PAYLOAD_AFTER.test(after)) continue;
        consider(n[0], base + n.index);
      }
    }
  }
  // Once a name is read as a group, its other mentions outside payload wording are the group's too.
  for (const slot of byKey.values()) {
    const re = new RegExp(String.raw`(?<![\p{L}\p{N}])${escapeRegExp(slot.name)}(?![\p{L}\p{N}])`, 'gu');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (slot.spans.some((s) => s.start === m.index)) continue;
      if (taken.some((t) => m.index < t.end && end > t.start)) continue;
      if (PAYLOAD_AFTER.test(text.slice(end, end + 40))) continue;
      slot.spans.push({ start: m.index, end });
    }
    slot.spans.sort((a, b) => a.start - b.start);
  }
  const out: { actor: ExtractedActor; mentions: ActorMention[] }[] = [];
  for (const slot of byKey.values()) {
    const furniture = slot.spans.map((s) => segmentAt(segments, s.start)?.kind === 'furniture');
    out.push({
      actor: {
        name: slot.name,
        attack_id: null,
        catalog_id: null,
        aliases_mentioned: [],
        role: furniture.every(Boolean) ? 'mentioned' : 'subject',
        mentions: slot.spans.map((s) => ({ start: s.start, end: s.end })),
        software: slot.software,
      },
      mentions: slot.spans.map((s, k) => ({
        start: s.start,
        end: s.end,
        actor: slot.name,
        text: slot.name,
        furniture: furniture[k] === true,
      })),
    });
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Token keys of the people words the patterns need (singular and plural). */
export const PEOPLE_KEYS: ReadonlySet<string> = new Set([
  'gang',
  'gangs',
  'group',
  'groups',
  'crew',
  'crews',
  'cartel',
  'cartels',
  'syndicate',
  'syndicates',
  'collective',
  'collectives',
  'operator',
  'operators',
  'affiliate',
  'affiliates',
  'actor',
  'actors',
  'members',
  'hackers',
  'developers',
  'administrators',
  'leader',
  'leaders',
  'people',
]);
/** Characters either side of a people word that a pattern may span (a two-word name, a kind, a list of names). */
const REACH = 140;

/** Merged windows around the people words, widened to whitespace. */
function peopleWindows(text: string, tokens: readonly Token[], people?: TokenGate): [number, number][] {
  const out: [number, number][] = [];
  // With a gate (bits of PEOPLE_KEYS computed with the document's other first-token lookups), only its positions.
  const at = people?.positions;
  for (let n = 0, i = 0; at ? n < at.length : i < tokens.length; n++, i++) {
    if (at) i = at[n] as number;
    else if (
      people ? ((people.mask[i] as number) & people.bit) === 0 : !PEOPLE_KEYS.has((tokens[i] as Token).key)
    )
      continue;
    const t = tokens[i] as Token;
    let from = Math.max(0, t.start - REACH);
    let to = Math.min(text.length, t.end + REACH);
    while (from > 0 && text.charCodeAt(from - 1) > 32) from--;
    while (to < text.length && text.charCodeAt(to) > 32) to++;
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}
