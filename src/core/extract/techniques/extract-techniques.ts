/**
 * ATT&CK techniques of a document, each with its evidence spans and source:
 * - `table`: an id on a table row (a short line holding the id and the technique name: "T1003.003 OS Credential
 *   Dumping: NTDS", "Network Service Discovery [T1046]");
 * - `explicit`: an id written in prose ("[T1059.001]", "(T1190)");
 * - `inferred`: technique names and common phrasings, tools and LOLBAS binaries, command lines, verb–object
 *   behaviour rules (behaviour-rules.ts); tools and behaviour named in advice to defenders are not read
 *   (recommendation.ts); two or more third-party tools named as used add Obtain Capabilities: Tool (T1588.002).
 * Ids are validated against the catalog; a revoked or deprecated id is reported as its successor with the id as
 * written kept in `original_id`. When the document maps its own techniques (three or more explicit ids), the
 * author's mapping is authoritative and inferred techniques are left out unless `inferWithExplicit` is set.
 */
import type { Segment, Sentence, Token, TokenGate } from '../text/index.js';
import { segmentAt } from '../text/index.js';
import { commandRuleMatches } from './command-rule-scan.js';
import { isRecommendation } from './recommendation.js';
import type { TechniqueCue, TechniqueLexicon } from './technique-lexicon.js';

export type TechniqueSource = 'explicit' | 'table' | 'inferred';

/** One technique of a document. */
export interface ExtractedTechnique {
  readonly id: string;
  readonly name: string;
  readonly source: TechniqueSource;
  readonly evidence: readonly { readonly start: number; readonly end: number; readonly text: string }[];
  /** The id as written when it was revoked or deprecated (`T1574.002` → `T1574.001`). */
  readonly original_id?: string;
  /** Tactic short names. */
  readonly tactics: readonly string[];
}

export interface ExtractTechniquesOptions {
  /** First-token gate shared with the other lexicons of the document (speed only). */
  readonly gate?: TokenGate;
  /** Keep inferred techniques even when the document maps its own (default false). */
  readonly inferWithExplicit?: boolean;
  /** Evidence spans kept per technique (default 5). */
  readonly maxEvidence?: number;
  /**
   * The document's sentences: tools and behaviour rules named in advice ("Limit the use of PowerShell") are not
   * read as adversary behaviour. Without them, each line is taken as a sentence.
   */
  readonly sentences?: readonly Sentence[];
}

/** Distinct obtainable tools (Mimikatz, Cobalt Strike…) named as used before `Obtain Capabilities: Tool` is read. */
const OBTAINED_TOOLS = 2;
const OBTAIN_TOOL = 'T1588.002';

const ID = /T\d{4}(?:\.\d{3})?(?![\w])/g;
const RANK: Readonly<Record<TechniqueSource, number>> = { table: 0, explicit: 1, inferred: 2 };

interface Slot {
  id: string;
  source: TechniqueSource;
  /** Evidence other than a tool name (an ATT&CK name, a phrasing, a command line, a behaviour rule). */
  direct: boolean;
  original?: string;
  evidence: { start: number; end: number; text: string }[];
}

function lineAround(text: string, at: number): { start: number; end: number } {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  const e = text.indexOf('\n', at);
  return { start: s, end: e < 0 ? text.length : e };
}

/** Finds the techniques of a document. */
export function extractTechniques(
  text: string,
  tokens: readonly Token[],
  segments: readonly Segment[],
  lexicon: TechniqueLexicon,
  options: ExtractTechniquesOptions = {},
): ExtractedTechnique[] {
  const max = options.maxEvidence ?? 5;
  const slots = new Map<string, Slot>();
  const add = (
    id: string,
    source: TechniqueSource,
    start: number,
    end: number,
    evidenceText: string,
    original?: string,
    direct = true,
  ): void => {
    const slot = slots.get(id);
    if (!slot) {
      slots.set(id, {
        id,
        source,
        direct,
        ...(original ? { original } : {}),
        evidence: [{ start, end, text: evidenceText }],
      });
      return;
    }
    if (RANK[source] < RANK[slot.source]) slot.source = source;
    if (direct) slot.direct = true;
    if (original && !slot.original) slot.original = original;
    if (slot.evidence.length < max && !slot.evidence.some((e) => e.start === start))
      slot.evidence.push({ start, end, text: evidenceText });
  };
  const index = lexicon.index;
  ID.lastIndex = 0;
  for (let m = ID.exec(text); m !== null; m = ID.exec(text)) {
    // Not inside a longer word or number ("AT1234", "1.T1234").
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 32;
    if (
      before === 46 ||
      before === 95 ||
      (before >= 48 && before <= 57) ||
      (before >= 65 && before <= 90) ||
      (before >= 97 && before <= 122)
    )
      continue;
    const t = index.get(m[0]);
    if (!t) continue;
    const successor = t.revoked || t.deprecated ? index.successor(t) : undefined;
    const id = successor?.id ?? t.id;
    const line = lineAround(text, m.index);
    const lineText = text.slice(line.start, line.end).trim();
    const table = isTableRow(lineText, m[0], t.name);
    add(id, table ? 'table' : 'explicit', m.index, m.index + m[0].length, m[0], successor ? t.id : undefined);
  }
  const explicitIds = new Set(slots.keys());
  const infer = options.inferWithExplicit === true || explicitIds.size < 3;
  if (infer) {
    const advice = adviceTest(text, options.sentences);
    const obtained = new Map<string, { start: number; end: number; text: string }>();
    for (const m of lexicon.matcher.scan(text, tokens, 0, tokens.length, options.gate)) {
      if (segmentAt(segments, m.start)?.kind === 'furniture') continue;
      const cue = m.values[0] as TechniqueCue;
      // A one-word name is matched only by one written word ("WHOIS", not "who is").
      if (cue.words === 1 && m.last - m.first > 1) continue;
      // Tool names written as ordinary words ("tor", "wmi" inside prose) must be written as names.
      if (
        cue.kind === 'tool' &&
        m.text.length <= 4 &&
        m.text !== m.text.toUpperCase() &&
        !/^[A-Z]/.test(m.text)
      )
        continue;
      // A one-word ATT&CK name is a tool's name too (PowerShell): in advice it is the tool to restrict.
      if ((cue.kind === 'tool' || (cue.kind === 'name' && cue.words === 1)) && advice(m.start)) continue;
      if (cue.obtainable && !obtained.has(m.text.toLowerCase()))
        obtained.set(m.text.toLowerCase(), { start: m.start, end: m.end, text: m.text });
      for (const id of cue.ids) add(id, 'inferred', m.start, m.end, m.text, undefined, cue.kind !== 'tool');
    }
    // Third-party tools named as used: the adversary obtained them (ATT&CK models this as Obtain Capabilities: Tool).
    if (obtained.size >= OBTAINED_TOOLS && index.get(OBTAIN_TOOL))
      for (const e of obtained.values())
        add(OBTAIN_TOOL, 'inferred', e.start, e.end, e.text, undefined, false);
    const anchors = anchorPositions(tokens, lexicon.behaviourAnchors, lexicon.behaviourRules.length);
    for (const [r, rule] of lexicon.behaviourRules.entries()) {
      for (const [from, to] of anchorWindows(text, anchors[r] ?? [])) {
        const part = text.slice(from, to);
        rule.re.lastIndex = 0;
        for (let m = rule.re.exec(part); m !== null; m = rule.re.exec(part)) {
          const at = from + m.index;
          if (segmentAt(segments, at)?.kind === 'furniture' || advice(at)) continue;
          for (const id of rule.ids) if (index.get(id)) add(id, 'inferred', at, at + m[0].length, m[0]);
        }
      }
    }
    for (const m of commandRuleMatches(lexicon.commandRules, text))
      for (const id of m.rule.ids) if (index.get(id)) add(id, 'inferred', m.start, m.end, m.text);
  }
  const out: ExtractedTechnique[] = [];
  for (const slot of slots.values()) {
    const t = index.get(slot.id);
    if (!t) continue;
    const parent = t.parent ? index.get(t.parent) : undefined;
    out.push({
      id: slot.id,
      name: parent ? `${parent.name}: ${t.name}` : t.name,
      source: slot.source,
      evidence: slot.evidence,
      ...(slot.original ? { original_id: slot.original } : {}),
      tactics: t.tactics,
    });
  }
  // An inferred parent adds nothing once one of its sub-techniques is evidenced the same way: the sub-technique is
  // more specific. A sub-technique known only from a tool name ("Cobalt Strike" → Web Protocols) does not hide a
  // parent the prose states itself ("command and control").
  const direct = new Set([...slots.values()].filter((s) => s.direct).map((s) => s.id));
  return out
    .filter((t) => {
      if (t.source !== 'inferred' || t.id.includes('.')) return true;
      const sub = `${t.id}.`;
      return !out.some((k) => k.id.startsWith(sub) && (direct.has(k.id) || !direct.has(t.id)));
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Words of technique names longer than two letters, by name (the same few names recur on every table row). */
const nameWordCache = new Map<string, readonly string[]>();

function nameWordsOf(name: string): readonly string[] {
  let words = nameWordCache.get(name);
  if (words === undefined) {
    words = name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2);
    nameWordCache.set(name, words);
  }
  return words;
}

/** A short line that is the id plus (part of) the technique name, or a tactic/technique/procedure row. */
function isTableRow(line: string, id: string, name: string): boolean {
  if (line.length > 160) return false;
  const rest = line
    .replace(id, '')
    .replace(/[[\]()|:;,\-–—\s]+/g, ' ')
    .trim()
    .toLowerCase();
  const nameWords = nameWordsOf(name);
  if (rest.length === 0) return true;
  const hit = nameWords.filter((w) => rest.includes(w.replace(/s$/, ''))).length;
  return (
    (line.startsWith(id) || line.endsWith(']') || line.includes('|')) &&
    (hit >= Math.min(1, nameWords.length) || rest.split(' ').length <= 8)
  );
}

/** Whether the sentence holding an offset gives advice (binary search over the sentences, else the line). */
function adviceTest(text: string, sentences: readonly Sentence[] | undefined): (at: number) => boolean {
  const cache = new Map<number, boolean>();
  return (at) => {
    let start: number;
    let end: number;
    const s = sentences ? sentenceAt(sentences, at) : undefined;
    if (s) {
      start = s.start;
      end = s.end;
    } else {
      const line = lineAround(text, at);
      start = line.start;
      end = line.end;
    }
    let hit = cache.get(start);
    if (hit === undefined) {
      hit = isRecommendation(text, start, end);
      cache.set(start, hit);
    }
    return hit;
  };
}

function sentenceAt(sentences: readonly Sentence[], at: number): Sentence | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = sentences[mid] as Sentence;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Characters either side of an anchor a behaviour rule may span (its verb, gap and object). */
const WINDOW = 260;

/**
 * Token offsets where each behaviour rule's anchors start: one pass over the tokens, each looked up by its first two
 * letters and then its third among the anchors' first words (prefixes: "decod" fits "decodes"); a
 * token's key is compared (in place) only with the words sharing its first three letters.
 */
function anchorPositions(tokens: readonly Token[], anchors: AnchorIndex, rules: number): number[][] {
  const out: number[][] = Array.from({ length: rules }, () => []);
  const { ascii, lists, other } = anchorsByCode(anchors);
  const mark = (t: Token, words: AnchorList | undefined): void => {
    if (words === undefined) return;
    for (const a of words) {
      if (!t.keyStartsWith(a.word)) continue;
      for (const r of a.rules) {
        const at = out[r] as number[];
        if (at[at.length - 1] !== t.start) at.push(t.start);
      }
    }
  };
  for (const t of tokens) {
    // Anchor keys are two characters long: a one-character token (c1 -1) starts none and needs no lookup.
    const c1 = t.keyCodeAt(1);
    if (c1 < 0) continue;
    const c0 = t.keyCodeAt(0);
    const byThird = c0 < 128 && c1 < 128 ? lists[ascii[c0 * 128 + c1] as number] : other.get(c0 * 65536 + c1);
    if (byThird === undefined) continue;
    // Two-letter words first, then the longer ones: the order of the words within one lead list.
    mark(t, byThird.short);
    const c2 = t.keyCodeAt(2);
    if (c2 >= 0) mark(t, byThird.third.get(c2));
  }
  return out;
}

type AnchorIndex = ReadonlyMap<string, readonly { readonly word: string; readonly rule: number }[]>;
/** Anchor words, each once with the rules it anchors. */
type AnchorList = readonly { readonly word: string; readonly rules: readonly number[] }[];
/** The anchor words of one two-letter start: two-letter words, and longer ones by their third letter. */
interface ByThird {
  readonly short: AnchorList | undefined;
  readonly third: ReadonlyMap<number, AnchorList>;
}
/** Anchors by their key's first two char codes: ASCII pairs through a flat table (list index, 0: none), others a map. */
interface AnchorCodes {
  readonly ascii: Uint16Array;
  readonly lists: readonly (ByThird | undefined)[];
  readonly other: ReadonlyMap<number, ByThird>;
}
const anchorCodeCache = new WeakMap<AnchorIndex, AnchorCodes>();

/** The anchor index keyed by the two first char codes (no substring allocated per token), built once per lexicon. */
function anchorsByCode(anchors: AnchorIndex): AnchorCodes {
  const hit = anchorCodeCache.get(anchors);
  if (hit) return hit;
  const ascii = new Uint16Array(128 * 128);
  const lists: (ByThird | undefined)[] = [undefined];
  const other = new Map<number, ByThird>();
  for (const [key, entries] of anchors) {
    if (key.length !== 2) throw new Error(`behaviour anchor key "${key}" is not two characters long`);
    const short: { word: string; rules: number[] }[] = [];
    const third = new Map<number, { word: string; rules: number[] }[]>();
    for (const e of entries) {
      const list = e.word.length === 2 ? short : (third.get(e.word.charCodeAt(2)) ?? []);
      if (e.word.length > 2) third.set(e.word.charCodeAt(2), list);
      const same = list.find((w) => w.word === e.word);
      if (same) same.rules.push(e.rule);
      else list.push({ word: e.word, rules: [e.rule] });
    }
    const byThird: ByThird = { short: short.length > 0 ? short : undefined, third };
    const c0 = key.charCodeAt(0);
    const c1 = key.charCodeAt(1);
    if (c0 < 128 && c1 < 128) {
      ascii[c0 * 128 + c1] = lists.length;
      lists.push(byThird);
    } else other.set(c0 * 65536 + c1, byThird);
  }
  const out: AnchorCodes = { ascii, lists, other };
  anchorCodeCache.set(anchors, out);
  return out;
}

/** Merged windows of `text` around anchor offsets, each widened to whitespace so that no word is cut. */
function anchorWindows(text: string, positions: readonly number[]): [number, number][] {
  const merged: [number, number][] = [];
  for (const i of positions) {
    let from = Math.max(0, i - WINDOW);
    let to = Math.min(text.length, i + WINDOW);
    while (from > 0 && text.charCodeAt(from - 1) > 32) from--;
    while (to < text.length && text.charCodeAt(to) > 32) to++;
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}
