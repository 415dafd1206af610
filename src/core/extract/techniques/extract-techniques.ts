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
  let lower: string | undefined;
  const lowerText = (): string => {
    lower ??= text.toLowerCase();
    return lower;
  };
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
    const present = literalsPresent(lexicon.commandRules, lowerText());
    for (const rule of lexicon.commandRules) {
      // Each rule starts with its binary's name: skip the scan when the name is absent.
      if (rule.needle && !present.has(rule.needle)) continue;
      if (rule.second && !present.has(rule.second)) continue;
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
        for (const id of rule.ids)
          if (index.get(id)) add(id, 'inferred', m.index, m.index + m[0].length, m[0]);
      }
    }
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
    .filter(
      (t) =>
        t.source !== 'inferred' ||
        t.id.includes('.') ||
        !out.some((k) => k.id.startsWith(`${t.id}.`) && (direct.has(k.id) || !direct.has(t.id))),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

type CommandRules = TechniqueLexicon['commandRules'];

/** Per rule set: its literal words, longest first, and one regular expression finding where any of them starts. */
const literalCache = new WeakMap<CommandRules, { words: readonly string[]; re: RegExp }>();

/**
 * Which of the command rules' literal words (`needle`, `second`) occur in the lower-cased text: the same answer as
 * `lower.includes(word)` for each, in one pass instead of one per word. A lookahead finds, at each position where
 * some word starts, the longest word starting there (alternatives longest first); the shorter ones starting there
 * are its prefixes.
 */
function literalsPresent(rules: CommandRules, lower: string): Set<string> {
  let lit = literalCache.get(rules);
  if (!lit) {
    const words = [...new Set(rules.flatMap((r) => [r.needle, r.second]).filter((w) => w.length > 0))].sort(
      (a, b) => b.length - a.length,
    );
    for (const w of words)
      if (!/^[a-z0-9_]+$/.test(w)) throw new Error(`command rule literal "${w}" is not a lower-case word`);
    lit = { words, re: new RegExp(`(?=(${words.join('|')}))`, 'g') };
    literalCache.set(rules, lit);
  }
  const found = new Set<string>();
  if (lit.words.length === 0) return found;
  const re = lit.re;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
    const longest = m[1] as string;
    for (const w of lit.words) if (longest.startsWith(w)) found.add(w);
    if (found.size === lit.words.length) break;
    // The lookahead matched empty: step past this start to find words starting at the next positions.
    re.lastIndex = m.index + 1;
  }
  return found;
}

/** A short line that is the id plus (part of) the technique name, or a tactic/technique/procedure row. */
function isTableRow(line: string, id: string, name: string): boolean {
  if (line.length > 160) return false;
  const rest = line
    .replace(id, '')
    .replace(/[[\]()|:;,\-–—\s]+/g, ' ')
    .trim()
    .toLowerCase();
  const nameWords = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
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
 * letters among the anchors' first words (prefixes: "decod" fits "decodes").
 */
function anchorPositions(
  tokens: readonly Token[],
  anchors: ReadonlyMap<string, readonly { readonly word: string; readonly rule: number }[]>,
  rules: number,
): number[][] {
  const out: number[][] = Array.from({ length: rules }, () => []);
  const byCode = anchorsByCode(anchors);
  for (const t of tokens) {
    const key = t.key;
    // Anchor keys are two characters long: a one-character token starts none (and needs no lookup).
    if (key.length < 2) continue;
    const list = byCode.get(key.charCodeAt(0) * 65536 + key.charCodeAt(1));
    if (!list) continue;
    for (const a of list) {
      const at = out[a.rule] as number[];
      if (t.key.startsWith(a.word) && at[at.length - 1] !== t.start) at.push(t.start);
    }
  }
  return out;
}

type AnchorIndex = ReadonlyMap<string, readonly { readonly word: string; readonly rule: number }[]>;
const anchorCodeCache = new WeakMap<
  AnchorIndex,
  Map<number, readonly { readonly word: string; readonly rule: number }[]>
>();

/** The anchor index keyed by the two first char codes (no substring allocated per token), built once per lexicon. */
function anchorsByCode(
  anchors: AnchorIndex,
): Map<number, readonly { readonly word: string; readonly rule: number }[]> {
  let out = anchorCodeCache.get(anchors);
  if (out) return out;
  out = new Map();
  for (const [key, list] of anchors) {
    if (key.length !== 2) throw new Error(`behaviour anchor key "${key}" is not two characters long`);
    out.set(key.charCodeAt(0) * 65536 + key.charCodeAt(1), list);
  }
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
