import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';

/** Reference: needles occurring in text, by `toLowerCase().includes`. */
function naive(needles: readonly string[], text: string): number[] {
  const t = text.toLowerCase();
  return needles.map((n, i) => (t.includes(n.toLowerCase()) ? i : -1)).filter((i) => i >= 0);
}

describe('AhoCorasick', () => {
  it('finds overlapping needles and suffixes of other needles (classic he/she/his/hers)', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(ac.findAll('ushers')).toEqual([0, 1, 3]);
    expect(ac.findAll('ahishers')).toEqual([0, 1, 2, 3]);
    expect(ac.findAll('nothing')).toEqual([]);
  });

  it('folds case like toLowerCase, including non-ASCII letters that lower-case to ASCII', () => {
    const ac = new AhoCorasick(['ntdsutil', 'kelvin', 'i\u0307x']);
    expect(ac.findAll('C:\\Windows\\System32\\NTDSUTIL.EXE')).toEqual([0]);
    // U+212A KELVIN SIGN lower-cases to ASCII "k"; U+0130 to "i" + combining dot (U+0307).
    expect(ac.findAll('\u212Aelvin')).toEqual([1]);
    expect(ac.findAll('\u0130X')).toEqual([2]);
  });

  it('treats non-ASCII needle characters exactly or over-approximately, never missing one', () => {
    const needles = ['café', 'наш', 'ü'];
    const ac = new AhoCorasick(needles);
    for (const text of ['CAFÉ au lait', 'НАШ', 'über', 'cafe', 'nothing']) {
      const found = ac.findAll(text);
      for (const i of naive(needles, text)) expect(found).toContain(i);
    }
  });

  it('agrees with a naive search on random needles and texts, with and without dense rows', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'abcAB\\/.-:x ';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    const needles = Array.from({ length: 300 }, () => word(1 + rnd(6)).toLowerCase());
    for (const maxDenseEntries of [0, 50, 4_000_000]) {
      const ac = new AhoCorasick(needles, { maxDenseEntries });
      for (let k = 0; k < 200; k++) {
        const text = word(rnd(60));
        expect(ac.findAll(text)).toEqual([...new Set(naive(needles, text))].sort((a, b) => a - b));
      }
    }
  });

  it('reports each needle of a state once per call chain (early stop) without losing other needles', () => {
    const ac = new AhoCorasick(['abc', 'bc', 'c']);
    const seen = new Set<number>();
    ac.scan('abcabc', (id) => {
      const known = seen.has(id);
      seen.add(id);
      return known;
    });
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
});
