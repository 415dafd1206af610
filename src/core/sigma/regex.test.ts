import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeShared, shared } from '../../../test/shared-data.js';
import { caseFoldSafe, compileRegex, nativeRegexSafe, toNativeSource } from './regex.js';

const NO_FLAGS = { i: false, m: false, s: false };

describe('engine choice', () => {
  it('runs only patterns with a proven backtracking bound on the JavaScript engine', () => {
    expect(nativeRegexSafe('\\\\[a-zA-Z0-9]{1,32}\\.[a-zA-Z0-9]{1,6}\\.[ "\']{1}')).toBe(true);
    expect(nativeRegexSafe('https?://[0-9]{1,3}\\.0[0-9]{3,4}')).toBe(true);
    expect(nativeRegexSafe('a+')).toBe(false);
    expect(nativeRegexSafe('.*x')).toBe(false);
    expect(nativeRegexSafe('x{2,}')).toBe(false);
    expect(nativeRegexSafe('(ab?){1,3}')).toBe(false); // quantified group holding a quantifier
    expect(nativeRegexSafe('(a|b){1,3}')).toBe(false); // quantified alternation
    expect(nativeRegexSafe('[a-z]{1,100}[0-9]{1,100}')).toBe(false); // 10,000 paths per start
    expect(nativeRegexSafe('(?i)abc')).toBe(false); // inline flags are handled before this check
    expect(nativeRegexSafe('(a)\\1')).toBe(false);
  });
  it('rewrites the constructs the engines read differently', () => {
    expect(toNativeSource('a.b\\sc[\\s,]\\S', false)).toBe(
      'a[^\\n]b[\\t\\n\\f\\r ]c[\\t\\n\\f\\r ,][^\\t\\n\\f\\r ]',
    );
    expect(toNativeSource('a.b', true)).toBe('a.b');
    expect(toNativeSource('[\\S]', false)).toBeNull();
    expect(toNativeSource('[^]a]x', false)).toBe('[^\\]a]x');
    expect(compileRegex('[^]a]x', NO_FLAGS)('bx')).toBe(true);
    expect(compileRegex('[^]a]x', NO_FLAGS)(']x')).toBe(false);
    expect(compileRegex('[]a]x', NO_FLAGS)(']x')).toBe(true);
    const dot = compileRegex('a.b', NO_FLAGS);
    expect(dot('a\rb')).toBe(true); // RE2: `.` matches \r
    expect(dot('a\nb')).toBe(false);
    expect(compileRegex('a\\sb', NO_FLAGS)('a\u00a0b')).toBe(false); // RE2: \s is ASCII only
    expect(compileRegex('(?i)ABC', NO_FLAGS)('xabcx')).toBe(true);
  });
  it('case-insensitive patterns fold like RE2 (ſ ~ s, K ~ k)', () => {
    expect(compileRegex('mask', { i: true, m: false, s: false })('MA\u017fK')).toBe(true);
    expect(compileRegex('(?i)ma[a-z]', NO_FLAGS)('MA\u017f')).toBe(true);
    expect(compileRegex('(?i)\\w{2}', NO_FLAGS)('ab')).toBe(true);
    expect(caseFoldSafe('abc[0-9]\\s\\d')).toBe(true);
    expect(caseFoldSafe('[a-z]')).toBe(false);
    expect(caseFoldSafe('desk')).toBe(false);
    expect(caseFoldSafe('caf\u00e9')).toBe(false);
  });
  it('a catastrophic-backtracking pattern is never given to the JavaScript engine', () => {
    for (const p of ['^(a+)+$', '(a|aa)*b', '(x+x+)+y', '(.*a){12}']) expect(nativeRegexSafe(p)).toBe(false);
    const r = compileRegex('(x+x+)+y', NO_FLAGS);
    expect(r('x'.repeat(50_000))).toBe(false);
  });
});

/** Every `|re` value of the SigmaHQ rules, with its flags. */
function sigmaRegexes(dir: string): { pattern: string; i: boolean }[] {
  const out = new Map<string, { pattern: string; i: boolean }>();
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (/\|re(\||$)/.test(k))
        for (const p of Array.isArray(v) ? v : [v])
          out.set(`${k}:${p}`, { pattern: String(p), i: /\|i(\||$)/.test(k) });
      visit(v);
    }
  };
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yml')) visit(parse(readFileSync(p, 'utf8'))?.detection);
    }
  };
  for (const n of readdirSync(dir)) if (n.startsWith('rules')) walk(join(dir, n));
  return [...out.values()];
}

describeShared('native and re2js agree on the SigmaHQ regexes', () => {
  it('over every string value of the regression events plus mutations', () => {
    const dir = shared('sigma');
    const values = new Set<string>();
    const collect = (o: unknown): void => {
      if (typeof o === 'string') values.add(o);
      else if (o && typeof o === 'object') for (const v of Object.values(o)) collect(v);
    };
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.json'))
          for (const line of readFileSync(p, 'utf8').split(/\n(?=\{)/))
            try {
              collect(JSON.parse(line));
            } catch {
              // several documents per file are split on `\n{`; a rare split inside a value is just skipped
            }
      }
    };
    walk(join(dir, 'regression_data'));
    const sample = [...values].filter((v) => v.length > 0).slice(0, 4000);
    let native = 0;
    let compared = 0;
    let positives = 0;
    for (const { pattern, i } of sigmaRegexes(dir)) {
      const body = pattern.replace(/^\(\?[ims]+\)/, '');
      if (!nativeRegexSafe(body) || toNativeSource(body, false) === null) continue;
      native++;
      const ci = i || /^\(\?[a-z]*i/.test(pattern);
      const ours = compileRegex(pattern, { i, m: false, s: false });
      const ref = RE2JS.compile(body, ci ? RE2JS.CASE_INSENSITIVE : 0);
      for (const v of sample) {
        const got = ours(v);
        expect([pattern, v, got]).toEqual([pattern, v, ref.test(v)]);
        compared++;
        if (got) positives++;
      }
    }
    expect(native).toBeGreaterThan(50);
    expect(compared).toBeGreaterThan(100_000);
    expect(positives).toBeGreaterThan(10);
  });
});
