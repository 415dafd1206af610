/**
 * The `re` modifier in linear time: patterns compile with re2js (RE2 semantics, no backtracking), so a
 * hostile value can never stall a hunt. Patterns that need constructs RE2 lacks (lookaround,
 * backreferences, possessive quantifiers, atomic groups) are rejected with the reason.
 */
import { RE2JS } from 're2js';
import { ValueError } from './sigma-value.js';

export interface RegexFlags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

/** Why a pattern cannot run in linear time, or null when it can. */
export function unsupportedRegexReason(pattern: string): string | null {
  if (/\(\?<?[=!]/.test(pattern))
    return 'lookaround assertions ((?=…), (?!…), (?<=…), (?<!…)) are not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern) || /\\k<\w+>/.test(pattern))
    return 'backreferences (\\1, \\k<name>) are not supported by RE2';
  if (/\(\?>/.test(pattern)) return 'atomic groups ((?>…)) are not supported by RE2';
  return null;
}

/** Compiles a Sigma regular expression into a linear-time predicate. Throws `ValueError`. */
export function compileRegex(pattern: string, flags: RegexFlags): (s: string) => boolean {
  const reason = unsupportedRegexReason(pattern);
  if (reason)
    throw new ValueError(
      'sigma.regex.unsupported',
      `regular expression ${JSON.stringify(pattern)}: ${reason}`,
    );
  let f = 0;
  if (flags.i) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.m) f |= RE2JS.MULTILINE;
  if (flags.s) f |= RE2JS.DOTALL;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, f);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/nested repetition/.test(msg))
      throw new ValueError(
        'sigma.regex.unsupported',
        `regular expression ${JSON.stringify(pattern)}: possessive quantifiers (*+, ++, ?+) are not supported by RE2 (${msg})`,
      );
    throw new ValueError(
      'sigma.regex.invalid',
      `regular expression ${JSON.stringify(pattern)} does not compile: ${msg}`,
    );
  }
  return (s) => re.test(s);
}

const META = new Set(['.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\']);

/**
 * The longest literal every match of `pattern` must contain (lowercased), for the prefilter; null when none
 * of at least 3 characters can be proven. Conservative: only top-level text outside groups and classes counts,
 * any top-level alternation gives up, and a character followed by `?`, `*` or `{` is dropped.
 */
export function requiredRegexLiteral(pattern: string): string | null {
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined || n === 'Q') return null;
      i++;
      if (depth === 0 && !/[0-9A-Za-z]/.test(n)) {
        run += n;
        continue;
      }
      end();
      continue;
    }
    if (c === '[') {
      end();
      // Skip the class: `]` right after `[` or `[^` is literal; escapes are skipped.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      continue;
    }
    if (c === ')') {
      end();
      depth--;
      continue;
    }
    if (c === '|') {
      if (depth === 0) return null;
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      // The previous character is optional (or repeated from zero).
      run = run.slice(0, -1);
      end();
      if (c === '{') while (i < pattern.length && pattern[i] !== '}') i++;
      continue;
    }
    if (c === '+') {
      end();
      continue;
    }
    if (META.has(c) || depth > 0) {
      end();
      continue;
    }
    run += c;
  }
  end();
  const lit = best.toLowerCase();
  return lit.length >= 3 && !/^[0-9.+\-e]*$/.test(lit) ? lit : null;
}
