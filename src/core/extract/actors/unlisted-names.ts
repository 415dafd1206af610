/**
 * Unlisted actor names: cluster designations ("UNC9999", "Storm-1234", "CL-STA-0048", "TEMP.Zebra") and two-word
 * names whose last word is a vendor naming-pattern word ("Quartz Typhoon"), checked by the catalog's naming-pattern
 * recogniser; reported with the pattern's hint, never as a catalog actor.
 */
import { type NamingPatternMatch, nameKey } from '../../catalog/index.js';
import { type Segment, segmentAt, type Token, type TokenGate } from '../text/index.js';
import type { ActorLexicon } from './actor-lexicon.js';
import type { ActorMention, ExtractedActor } from './actor-types.js';

/** Names the catalog does not list but a vendor naming pattern fits, outside the spans already resolved. */
export function unlistedNames(
  text: string,
  tokens: readonly Token[],
  segments: readonly Segment[],
  found: readonly { readonly first: number; readonly last: number }[],
  lexicon: ActorLexicon,
  patternWords?: TokenGate,
): { actor: ExtractedActor; mentions: ActorMention[] }[] {
  const covered = new Set<number>();
  for (const c of found) for (let k = c.first; k < c.last; k++) covered.add((tokens[k] as Token).start);
  const taken = (s: number, _e: number): boolean => covered.has(s);
  const byKey = new Map<
    string,
    { name: string; hint: NamingPatternMatch; spans: { start: number; end: number; furniture: boolean }[] }
  >();
  const consider = (name: string, start: number, end: number): void => {
    if (taken(start, end)) return;
    if (/^(?:TA00\d\d|CVE-|CWE-|AA\d\d-|TLP|ISO|RFC|MS\d\d-|KB\d)/i.test(name)) return;
    if (lexicon.isSoftware(name)) return;
    const hints = lexicon.recognize(name);
    const hint = hints[0];
    if (!hint || hint.confidence === 'low') return;
    const key = nameKey(name);
    const slot = byKey.get(key) ?? { name, hint, spans: [] };
    slot.spans.push({ start, end, furniture: segmentAt(segments, start)?.kind === 'furniture' });
    byKey.set(key, slot);
  };
  // One-word cluster names ("UNC3886", "TA505", "Storm-0558", "CL-STA-0048", "TEMP.Veles"), read from the tokens.
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const c0 = text.charCodeAt(t.start);
    if (c0 < 65 || c0 > 90 || t.end - t.start > 9) continue;
    const last = text.charCodeAt(t.end - 1);
    if (last >= 48 && last <= 57) {
      if (/^[a-z]{2,5}\d{2,5}$/.test(t.key)) consider(text.slice(t.start, t.end), t.start, t.end);
      continue;
    }
    if (t.end - t.start > 5) continue;
    const sep0 = text.charCodeAt(t.end);
    if (sep0 !== 45 && sep0 !== 46) continue;
    let end = t.end;
    let j = k;
    while (j + 1 < tokens.length && j - k < 3) {
      const n = tokens[j + 1] as Token;
      const sep = text.charCodeAt(end);
      if (n.start !== end + 1 || (sep !== 45 && !(sep === 46 && t.key === 'temp'))) break;
      end = n.end;
      j++;
      const d = text.charCodeAt(n.end - 1);
      if ((d >= 48 && d <= 57) || sep === 46) break;
    }
    const d = text.charCodeAt(end - 1);
    if (j > k && ((d >= 48 && d <= 57) || t.key === 'temp')) consider(text.slice(t.start, end), t.start, end);
  }
  // Two capitalised words ("Ember Typhoon", "Fancy Bear"): the second word must be a naming-pattern word.
  // With a gate, only the positions of pattern words are visited.
  const seconds = patternWords?.positions;
  for (let n = 0, k = 0; seconds ? n < seconds.length : k + 1 < tokens.length; n++, k++) {
    if (seconds) {
      k = (seconds[n] as number) - 1;
      if (k < 0) continue;
    }
    const b = tokens[k + 1] as Token;
    if (
      patternWords
        ? ((patternWords.mask[k + 1] as number) & patternWords.bit) === 0
        : !lexicon.patternWords.has(b.key)
    )
      continue;
    const a = tokens[k] as Token;
    if (b.start - a.end !== 1 || text[a.end] !== ' ') continue;
    const wa = text.slice(a.start, a.end);
    const wb = text.slice(b.start, b.end);
    if (!/^\p{Lu}[\p{L}\p{N}]+$/u.test(wa) || !/^\p{Lu}\p{Ll}+$/u.test(wb)) continue;
    if (STOP_FIRST.has(a.key)) continue;
    consider(`${wa} ${wb}`, a.start, b.end);
  }
  const out: { actor: ExtractedActor; mentions: ActorMention[] }[] = [];
  for (const slot of byKey.values()) {
    const hint = slot.hint;
    out.push({
      actor: {
        name: slot.name,
        attack_id: null,
        catalog_id: null,
        aliases_mentioned: [],
        role: slot.spans.every((s) => s.furniture) ? 'mentioned' : 'subject',
        mentions: slot.spans.map((s) => ({ start: s.start, end: s.end })),
        unlisted: {
          vendor: hint.vendor,
          pattern: hint.display,
          ...(hint.hint.category ? { category: hint.hint.category } : {}),
          ...(hint.hint.origin ? { origin: hint.hint.origin } : {}),
        },
      },
      mentions: slot.spans.map((s) => ({
        start: s.start,
        end: s.end,
        actor: slot.name,
        text: slot.name,
        furniture: s.furniture,
      })),
    });
  }
  return out;
}

/** First words that make "<Word> <Pattern>" a phrase, not a name ("The Panda", "A Typhoon", "Chinese Panda"). */
const STOP_FIRST = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'your',
  'of',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'and',
  'or',
  'but',
  'new',
  'big',
  'red',
  'giant',
  'great',
  'chinese',
  'russian',
  'iranian',
  'korean',
  'american',
  'tropical',
  'super',
  'winter',
  'ice',
  'snow',
  'dust',
  'sand',
  'desert',
  'arctic',
  'blue',
  'black',
  'white',
  'green',
  'golden',
  'silver',
  'grey',
  'gray',
  'first',
  'last',
  'next',
  'one',
  'two',
]);
