import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../test/shared-data.js';
import { loadCatalog } from '../../app/catalog/index.js';
import { AFTER_NON_ASCII_LETTER } from './extract-report.js';
import { extractIndicators, extractReport, INDICATOR_KINDS } from './index.js';

const catalog = loadCatalog();

describeShared('extractReport on the three seed articles (whole JSON)', () => {
  for (const seed of ['seed-000', 'seed-001', 'seed-004']) {
    it(seed, () => {
      const text = readFileSync(shared('reports', `${seed}.txt`), 'utf8');
      const result = extractReport(text, { catalog });
      // Every span points at the words it claims.
      for (const a of result.actors)
        for (const m of a.mentions) expect(text.slice(m.start, m.end).length).toBeGreaterThan(0);
      for (const c of result.attribution_claims)
        expect(text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.text);
      expect(result).toMatchSnapshot();
    });
  }
});

describe('extractReport', () => {
  it('assembles every field with spans into the given text', () => {
    const text = [
      'CISA: PRC state-sponsored Volt Typhoon targets US critical infrastructure',
      '',
      'The U.S. Cybersecurity and Infrastructure Security Agency (CISA) said on Tuesday that Volt Typhoon, a Chinese state-sponsored group also known as Vanguard Panda, compromised organizations in the communications, energy, and water sectors in the United States and Guam.',
      'The actors used ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro" to dump the Active Directory database and set up netsh interface portproxy rules.',
      "China's Foreign Ministry rejected the accusation as a smear campaign.",
      'Infrastructure: 45.32.174[.]131',
    ].join('\n');
    const r = extractReport(text, { catalog });
    expect(r.document.title).toBe(
      'CISA: PRC state-sponsored Volt Typhoon targets US critical infrastructure',
    );
    expect(r.actors.map((a) => [a.name, a.attack_id, a.aliases_mentioned])).toEqual([
      ['Volt Typhoon', 'G1017', ['Vanguard Panda']],
    ]);
    const triples = r.attribution_claims.map((c) => `${c.claimant}|${c.stance}|${c.attributed_to.code}`);
    expect(triples).toContain("China's Foreign Ministry|denies|CN");
    expect(r.attribution_claims.some((c) => c.stance === 'asserts' && c.attributed_to.code === 'CN')).toBe(
      true,
    );
    expect(r.sectors.map((s) => s.naics)).toEqual(expect.arrayContaining(['517', '221', '2213']));
    expect(r.countries_targeted.map((c) => c.code)).toEqual(expect.arrayContaining(['US']));
    expect(r.techniques.map((t) => t.id)).toEqual(expect.arrayContaining(['T1003.003', 'T1090.001']));
    expect(r.indicators.ipv4.map((i) => [i.value, i.defanged])).toEqual([['45.32.174.131', true]]);
    for (const t of r.techniques) for (const e of t.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('finds the same command lines as the indicator extractor alone (which scans the whole text for them)', () => {
    // extractReport finds command names from its word tokens; names glued to non-ASCII letters, cmdlets, names
    // written in capitals and names after a bullet must all still be found.
    const text = [
      'écmd /c whoami; ’cmd /c dir; x’powershell -enc AAAA; éGet-Process x; Ünetsh interface portproxy add',
      '• SCHTASKS /create /tn x; Invoke-WebRequest -Uri http://203.0.113.5/a; naïvewhoami /all; 7z a x.7z y',
      'Set-up was done with net user bob P@ss /add and Get-ADUser -Filter *; x_cmd /c; a.cmd /c; \\cmd /c',
    ].join('\n');
    const alone = extractIndicators(text);
    const r = extractReport(text, { catalog });
    for (const kind of INDICATOR_KINDS)
      expect(r.indicators[kind].map((i) => [i.value, i.start, i.end])).toEqual(
        alone[kind].map((i) => [i.value, i.start, i.end]),
      );
    expect(r.indicators.commandline.length).toBeGreaterThanOrEqual(6);
  });

  it('looks for command names after every non-ASCII character a word token can hold', () => {
    // The tokenizer's word characters (tokens.ts); the scan leaves out only U+2000–U+206F.
    const word = /[\p{L}\p{N}\p{M}]/u;
    const missed: string[] = [];
    for (let c = 0x80; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      AFTER_NON_ASCII_LETTER.lastIndex = 0;
      if (word.test(ch) && !AFTER_NON_ASCII_LETTER.test(`${ch}a`)) missed.push(c.toString(16));
    }
    expect(missed).toEqual([]);
  });

  it('handles an empty document', () => {
    const r = extractReport('', { catalog });
    expect(r.actors).toEqual([]);
    expect(r.document.chars).toBe(0);
    expect(r.document.doc_type).toBe('unknown');
  });

  it('stays linear on pathological text (runs of dots, run-on sentences full of names)', () => {
    const dots = extractReport('.'.repeat(200_000), { catalog });
    expect(dots.actors).toEqual([]);
    const runOn = extractReport('Volt Typhoon is linked to China and '.repeat(5_000), { catalog });
    expect(runOn.actors.map((a) => a.name)).toEqual(['Volt Typhoon']);
    // A 180 000-character "sentence" is not read for claims.
    expect(runOn.attribution_claims).toEqual([]);
  });
});
