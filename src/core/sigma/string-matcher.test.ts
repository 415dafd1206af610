import { describe, expect, it } from 'vitest';
import { compileFieldItem } from './item-matcher.js';
import { applyModifiers } from './modifiers.js';
import { parseSigmaString } from './sigma-value.js';
import { compileStringPattern } from './string-matcher.js';

/** Reference semantics: a Sigma glob as an anchored regular expression. */
function reference(pattern: string, value: string): boolean {
  const parts = parseSigmaString(pattern).parts;
  const src = parts
    .map((p) =>
      p === 0 ? '.*' : p === 1 ? '.' : typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '',
    )
    .join('');
  return new RegExp(`^${src}$`, 's').test(value);
}

// Deterministic pseudo-random generator (tests must be reproducible).
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('glob patterns', () => {
  it('agree with a regular-expression reference on 20,000 random patterns and values', () => {
    const r = rng(42);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    let mismatches = 0;
    let positives = 0;
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('ab*?', 1 + Math.floor(r() * 6));
      const value = pick('ab', Math.floor(r() * 8));
      const got = compileStringPattern(parseSigmaString(pattern).parts, false)(value);
      if (got !== reference(pattern, value)) mismatches++;
      if (got) positives++;
    }
    expect(mismatches).toBe(0);
    expect(positives).toBeGreaterThan(2_000);
  });
  it('the fast field path and the general path agree on list items', () => {
    const r = rng(7);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    const ctx = { placeholders: new Map(), placeholderFallback: 'reject' as const };
    let positives = 0;
    for (let i = 0; i < 500; i++) {
      const values = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
        parseSigmaString(pick('aB', 1 + Math.floor(r() * 3))),
      );
      const mods = [
        [],
        ['contains'],
        ['startswith'],
        ['endswith'],
        ['contains', 'all'],
        ['cased'],
        ['endswith', 'cased'],
      ][Math.floor(r() * 7)]!;
      const state = applyModifiers(values, mods, ctx);
      const fast = compileFieldItem(['F'], state, true).test;
      const general = compileFieldItem(['F'], state, false).test;
      for (let j = 0; j < 10; j++) {
        const v = pick('abAB', Math.floor(r() * 6));
        const ev = { F: r() < 0.2 ? [v, pick('ab', 2)] : v };
        const got = fast(ev);
        expect([mods, values.map((x) => x.raw), ev, got]).toEqual([
          mods,
          values.map((x) => x.raw),
          ev,
          general(ev),
        ]);
        if (got) positives++;
      }
    }
    expect(positives).toBeGreaterThan(500);
  });
  it('the fast path agrees with the general path on long endswith/startswith lists (indexed by a character)', () => {
    const r = rng(11);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    const ctx = { placeholders: new Map(), placeholderFallback: 'reject' as const };
    let positives = 0;
    for (let i = 0; i < 200; i++) {
      const values = Array.from({ length: 5 + Math.floor(r() * 20) }, () =>
        parseSigmaString(pick('abcD\\', 1 + Math.floor(r() * 4))),
      );
      const mods = [['startswith'], ['endswith'], ['endswith', 'cased'], ['startswith', 'cased']][
        Math.floor(r() * 4)
      ]!;
      const state = applyModifiers(values, mods, ctx);
      const fast = compileFieldItem(['F'], state, true).test;
      const general = compileFieldItem(['F'], state, false).test;
      for (let j = 0; j < 20; j++) {
        const v = pick('abcdABCD\\', Math.floor(r() * 8));
        const ev = { F: v };
        const got = fast(ev);
        expect([mods, v, got]).toEqual([mods, v, general(ev)]);
        if (got) positives++;
      }
    }
    expect(positives).toBeGreaterThan(300);
  });
});
