import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../../test/shared-data.js';
import { commandRuleMatches } from './command-rule-scan.js';
import { COMMAND_RULES } from './technique-lexicon.js';

/** What running every rule over the whole text finds (the reference `commandRuleMatches` must equal). */
function wholeTextScan(text: string): { ids: readonly string[]; start: number; text: string }[] {
  const out: { ids: readonly string[]; start: number; text: string }[] = [];
  for (const rule of COMMAND_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text))
      out.push({ ids: rule.ids, start: m.index, text: m[0] });
  }
  return out;
}

const positioned = (text: string) =>
  commandRuleMatches(COMMAND_RULES, text).map((m) => ({ ids: m.rule.ids, start: m.start, text: m.text }));

describe('commandRuleMatches', () => {
  it('finds what whole-text scans find, incl. names inside words, overlaps and case', () => {
    const text = [
      'NTDSUTIL "ac i ntds" ifm "create full c:\\temp" then ntdsutil.exe ifm; xntdsutil ifm',
      'net user bob pw /add and NET1 user x y /add; net.exe group "domain admins"; internet user a b /add',
      'netsh interface portproxy add; netsh advfirewall firewall set rule; netshx interface portproxy',
      'vssadmin create shadow /for=C: vssadmin delete shadows /all; reg save hklm\\sam sam.hive',
      'powershell.exe -nop -w hidden -enc AAAA ; procdump64.exe -ma lsass.exe out.dmp; comsvcs.dll, MiniDump',
    ].join('\n');
    const expected = wholeTextScan(text);
    expect(expected.length).toBeGreaterThan(10);
    expect(positioned(text)).toEqual(expected);
  });

  it('handles a rule set without names (and an empty one)', () => {
    const text = 'net user bob pw /add';
    expect(commandRuleMatches([], text)).toEqual([]);
    const unnamed = [{ re: /user\s+\S+/gi, ids: ['T1136'], needle: '', second: '' }];
    expect(commandRuleMatches(unnamed, text).map((m) => m.text)).toEqual(['user bob']);
  });

  describeShared('on real text', () => {
    it('finds what whole-text scans find over the reports and the LOLBAS entries', () => {
      let found = 0;
      for (const dir of [shared('reports'), join(shared('lolbas'), 'yml', 'OSBinaries')]) {
        for (const f of readdirSync(dir).filter((n) => /\.(?:txt|yml)$/.test(n))) {
          const text = readFileSync(join(dir, f), 'utf8');
          const expected = wholeTextScan(text);
          found += expected.length;
          expect(positioned(text)).toEqual(expected);
        }
      }
      expect(found).toBeGreaterThan(5);
    });
  });
});
