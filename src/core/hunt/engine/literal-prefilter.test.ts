import { describe, expect, it } from 'vitest';
import type { FlatEvent } from '../../sigma/index.js';
import { LiteralPrefilter, type PrefilterRule } from './literal-prefilter.js';

/** A deterministic pseudo-random source (xorshift32: the cases must be the same on every run). */
function random(seed: number): (n: number) => number {
  let s = seed | 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

function bitSet(rules: readonly number[], size: number): Int32Array {
  const set = new Int32Array((size + 31) >>> 5);
  for (const r of rules) set[r >>> 5]! |= 1 << (r & 31);
  return set;
}

describe('LiteralPrefilter', () => {
  const words = [
    'cmd',
    'powershell',
    'ntdsutil',
    'vssadmin',
    'wmic',
    'netsh',
    'portproxy',
    'rundll32',
    'lsass',
  ];
  const fields = ['Image', 'CommandLine', 'ParentImage', 'TargetFilename'];

  it('scans the given fields for every needle and the other fields only for keyword rules’ needles', () => {
    const rules: PrefilterRule[] = [
      { literals: ['ntdsutil'], literalFields: ['CommandLine'] },
      { literals: ['portproxy'], literalFields: ['CommandLine'] },
      { literals: null },
      { literals: ['vssadmin'] }, // keyword rule: any field
    ];
    const pf = LiteralPrefilter.build(rules)!;
    const ev: FlatEvent = {
      CommandLine: 'NTDSUTIL "ac i ntds" ifm',
      Image: 'portproxy',
      Other: 'VSSADMIN list',
    };
    pf.scan(ev, ['CommandLine'], true);
    expect([0, 1, 2, 3].map((r) => pf.candidate(r))).toEqual([true, false, true, true]);
    pf.scan(ev, ['CommandLine'], false);
    expect([0, 1, 2, 3].map((r) => pf.candidate(r))).toEqual([true, false, true, false]);
    pf.scan(ev);
    expect([0, 1, 2, 3].map((r) => pf.candidate(r))).toEqual([true, true, true, true]);
  });

  it('lists a route’s candidates ascending, the same rules `candidate` admits, on random rules and events', () => {
    const rnd = random(7);
    const rules: PrefilterRule[] = Array.from({ length: 300 }, () => {
      if (rnd(10) === 0) return { literals: null };
      const lits = Array.from({ length: 1 + rnd(3) }, () => words[rnd(words.length)]!);
      return rnd(5) === 0
        ? { literals: lits }
        : { literals: lits, literalFields: [fields[rnd(fields.length)]!] };
    });
    const pf = LiteralPrefilter.build(rules)!;
    const out = new Int32Array(rules.length);
    let merged = 0;
    for (let c = 0; c < 400; c++) {
      const route = [...new Set(Array.from({ length: rnd(120) }, () => rnd(rules.length)))].sort(
        (a, b) => a - b,
      );
      const always = route.filter((r) => pf.always[r] === 1);
      const ev: FlatEvent = {};
      for (const f of [...fields, 'Extra']) if (rnd(2)) ev[f] = `${words[rnd(words.length)]} ${rnd(1000)}`;
      pf.scan(ev, fields, rnd(2) === 0);
      const n = pf.candidates(bitSet(route, rules.length), Int32Array.from(always), out);
      expect([...out.subarray(0, n)]).toEqual(route.filter((r) => pf.candidate(r)));
      if (always.length > 0 && n > always.length + 1) merged++;
    }
    expect(merged).toBeGreaterThan(100); // the cases do mix found rules with always-evaluated ones
  });
});
