import { describe, expect, it } from 'vitest';
import { compileRule, createPipelineSet, parseRules } from './index.js';

const rule = (re: string) => {
  const { rules } = parseRules(
    `title: R\nlogsource: { product: windows }\ndetection:\n  sel:\n    CommandLine|re: '${re}'\n  condition: sel\n`,
    { file: 'r.yml' },
  );
  const r = rules[0];
  if (r?.type !== 'rule') throw new Error('no rule');
  return compileRule(r, createPipelineSet([]));
};

describe('regular expression gates', () => {
  it('matches case-insensitive literals with s/k whether or not the text holds U+017F or U+212A', () => {
    const r = rule('(?i)werfaultsecure\\.exe\\s+\\d+');
    expect(r.match({ CommandLine: 'x.exe WerFaultSecure.exe 123' })).not.toBeNull();
    // RE2 folds ſ (U+017F) with s and K (U+212A) with k; lowercasing does not, so the gate must let these through.
    expect(r.match({ CommandLine: 'x.exe WERFAULTſECURE.EXE 123' })).not.toBeNull();
    expect(rule('(?i)kerberos').match({ CommandLine: '\u212aERBEROS' })).not.toBeNull();
    expect(r.match({ CommandLine: 'x.exe WerFault.exe 123' })).toBeNull();
  });
});
