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
