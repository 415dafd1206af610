/**
 * Matches of the command-line rules (`COMMAND_RULES`) in a document, the same as running each rule's regular
 * expression over the whole text, at the cost of one pass: every rule starts with a word boundary and its binary's
 * name (`\bntdsutil`, `\bnet1?`), so one case-insensitive alternation of the names finds every position where any
 * rule can match, and each rule is then tried (sticky) only at the positions of its own name.
 */
import type { TechniqueLexicon } from './technique-lexicon.js';

type CommandRules = TechniqueLexicon['commandRules'];
type CommandRule = CommandRules[number];

/** Per rule set: the names' alternation and each rule's sticky copy (or undefined: scanned whole). */
interface RuleScan {
  readonly names: RegExp;
  /** Names longest first, lower case. */
  readonly words: readonly string[];
  readonly sticky: readonly (RegExp | undefined)[];
}

const cache = new WeakMap<CommandRules, RuleScan>();

function compile(rules: CommandRules): RuleScan {
  const hit = cache.get(rules);
  if (hit) return hit;
  const words = [...new Set(rules.map((r) => r.needle).filter((w) => /^[a-z0-9]+$/.test(w)))].sort(
    (a, b) => b.length - a.length,
  );
  const sticky = rules.map((r) =>
    // Only a rule that plainly starts with `\b` and its name, has no top-level alternative and ignores case can be
    // tried at the name's positions alone; any other is scanned over the whole text.
    words.includes(r.needle) &&
    r.re.flags.includes('i') &&
    r.re.source.startsWith(`\\b${r.needle}`) &&
    !hasTopLevelAlternative(r.re.source)
      ? new RegExp(r.re.source, `${r.re.flags.replace('g', '')}y`)
      : undefined,
  );
  const out: RuleScan = { names: new RegExp(`\\b(?:${words.join('|')})`, 'gi'), words, sticky };
  cache.set(rules, out);
  return out;
}

function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Every match of every rule in `text`, rule by rule in rule order, each rule's matches left to right. */
export function commandRuleMatches(
  rules: CommandRules,
  text: string,
): { rule: CommandRule; start: number; end: number; text: string }[] {
  const scan = compile(rules);
  // Where each name starts after a word boundary. At one position the alternation reports the longest name; the
  // shorter names starting there are its prefixes. A match is a whole word start, so none hides another.
  const at = new Map<string, number[]>();
  scan.names.lastIndex = 0;
  // Without names (no rule has one) the alternation would be empty: nothing to look for.
  const names = scan.words.length > 0 ? scan.names : undefined;
  for (let m = names?.exec(text) ?? null; m !== null; m = names?.exec(text) ?? null) {
    const found = m[0].toLowerCase();
    for (const w of scan.words) {
      if (!found.startsWith(w)) continue;
      const list = at.get(w);
      if (list) list.push(m.index);
      else at.set(w, [m.index]);
    }
  }
  const out: { rule: CommandRule; start: number; end: number; text: string }[] = [];
  rules.forEach((rule, r) => {
    const re = scan.sticky[r];
    if (re === undefined) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text))
        out.push({ rule, start: m.index, end: m.index + m[0].length, text: m[0] });
      return;
    }
    // As a global scan would: the leftmost match at or after the end of the previous one.
    let floor = 0;
    for (const p of at.get(rule.needle) ?? []) {
      if (p < floor) continue;
      re.lastIndex = p;
      const m = re.exec(text);
      if (m === null) continue;
      out.push({ rule, start: p, end: p + m[0].length, text: m[0] });
      floor = p + m[0].length;
    }
  });
  return out;
}
