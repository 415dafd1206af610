import { describe, expect, it } from 'vitest';
import {
  compileRule,
  createPipelineSet,
  type FlatEvent,
  MODIFIERS,
  parsePipeline,
  parseRules,
  type SigmaRule,
} from './index.js';

const NO_PIPELINES = createPipelineSet([]);

/** Compiles a one-selection rule `selection: <body>` (YAML) with the given pipelines. */
function sel(body: string, pipelines = NO_PIPELINES) {
  const text = `title: t\nlogsource: {product: test}\ndetection:\n  selection:\n${body
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n  condition: selection\n`;
  const { rules, issues } = parseRules(text, { file: 'mod.yml' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return compileRule(rules[0] as SigmaRule, pipelines);
}
const hit = (body: string, ev: FlatEvent) => sel(body).match(ev) !== null;

describe('modifier registry', () => {
  it('holds every modifier of the Sigma v2.1 modifiers appendix', () => {
    expect([...MODIFIERS.keys()].sort()).toEqual(
      [
        'all',
        'base64',
        'base64offset',
        'cased',
        'cidr',
        'contains',
        'day',
        'endswith',
        'exists',
        'expand',
        'fieldref',
        'gt',
        'gte',
        'hour',
        'i',
        'lt',
        'lte',
        'm',
        'minute',
        'month',
        'neq',
        're',
        's',
        'startswith',
        'utf16',
        'utf16be',
        'utf16le',
        'week',
        'wide',
        'windash',
        'year',
      ].sort(),
    );
  });
});

describe('string matching', () => {
  it('is case-insensitive by default and exact without wildcards', () => {
    expect(hit('Image: C:\\Windows\\System32\\CMD.exe', { Image: 'c:\\windows\\system32\\cmd.exe' })).toBe(
      true,
    );
    expect(hit('Image: cmd.exe', { Image: 'c:\\windows\\system32\\cmd.exe' })).toBe(false);
  });
  it('contains / startswith / endswith', () => {
    const ev = { CommandLine: 'powershell -enc SQBFAFgA' };
    expect(hit('CommandLine|contains: -ENC', ev)).toBe(true);
    expect(hit('CommandLine|startswith: PowerShell', ev)).toBe(true);
    expect(hit('CommandLine|endswith: fAfGa', ev)).toBe(true);
    expect(hit('CommandLine|endswith: -enc', ev)).toBe(false);
  });
  it('wildcards * and ? with escapes', () => {
    expect(hit("Image: '*\\rundll?2.exe'", { Image: 'C:\\x\\rundll32.exe' })).toBe(true);
    expect(hit("Image: '*\\rundll?2.exe'", { Image: 'C:\\x\\rundll2.exe' })).toBe(false);
    expect(hit("Value: 'a\\*b'", { Value: 'a*b' })).toBe(true);
    expect(hit("Value: 'a\\*b'", { Value: 'axxb' })).toBe(false);
    expect(hit("Value: 'what\\?'", { Value: 'what?' })).toBe(true);
    expect(hit("Value: 'what\\?'", { Value: 'whatx' })).toBe(false);
    // `\\*` is a backslash followed by a wildcard.
    expect(hit("Value: 'C:\\\\*'", { Value: 'C:\\anything' })).toBe(true);
    expect(hit("Value: 'a*b*c'", { Value: 'a--b--c' })).toBe(true);
    expect(hit("Value: 'a*b*c'", { Value: 'a--c--b' })).toBe(false);
  });
  it('lists are OR, `all` makes them AND', () => {
    const ev = { CommandLine: 'net group "domain admins" /domain' };
    expect(hit('CommandLine|contains:\n  - xyz\n  - domain admins', ev)).toBe(true);
    expect(hit('CommandLine|contains|all:\n  - xyz\n  - domain admins', ev)).toBe(false);
    expect(hit('CommandLine|contains|all:\n  - /domain\n  - domain admins', ev)).toBe(true);
  });
  it('cased compares case-sensitively', () => {
    expect(hit('Value|cased: Secret', { Value: 'secret' })).toBe(false);
    expect(hit('Value|cased: Secret', { Value: 'Secret' })).toBe(true);
    expect(hit('Value|contains|cased: Sec', { Value: 'xSecx' })).toBe(true);
  });
  it('null, empty values and exists', () => {
    expect(hit('Missing: null', {})).toBe(true);
    expect(hit('Missing: null', { Missing: null })).toBe(true);
    expect(hit('Missing: null', { Missing: 'x' })).toBe(false);
    expect(hit("Field: ''", { Field: '' })).toBe(true);
    expect(hit("Field: ''", { Field: 'x' })).toBe(false);
    expect(hit('Field|exists: true', { Field: '' })).toBe(true);
    expect(hit('Field|exists: true', {})).toBe(false);
    expect(hit('Field|exists: false', {})).toBe(true);
  });
  it('numbers compare by value and by text; arrays match any element', () => {
    expect(hit('EventID: 4688', { EventID: 4688 })).toBe(true);
    expect(hit('EventID: 4688', { EventID: '4688' })).toBe(true);
    expect(hit("EventID: '4688'", { EventID: 4688 })).toBe(true);
    expect(hit('EventID: 4688', { EventID: 1 })).toBe(false);
    expect(hit('Data|contains: evil', { Data: ['good', 'EVIL thing'] })).toBe(true);
  });
});

describe('encodings', () => {
  it('base64 encodes the value', () => {
    expect(hit('CommandLine|base64|contains: http://', { CommandLine: 'x aHR0cDovLw== y' })).toBe(true);
  });
  it('base64offset finds the value at any byte offset', () => {
    for (const prefix of ['', 'a', 'ab']) {
      const encoded = btoa(`${prefix}IEX (New-Object Net.WebClient)`);
      expect(
        hit("CommandLine|base64offset|contains: 'IEX (New-Object'", { CommandLine: `-enc ${encoded}` }),
      ).toBe(true);
    }
    expect(
      hit("CommandLine|base64offset|contains: 'IEX (New-Object'", {
        CommandLine: btoa('nothing here at all'),
      }),
    ).toBe(false);
  });
  it('utf16le/wide + base64offset (PowerShell -EncodedCommand)', () => {
    const utf16 = (s: string) => [...s].map((c) => `${c}\0`).join('');
    const encoded = btoa(utf16('Invoke-Mimikatz -DumpCreds'));
    expect(
      hit('CommandLine|wide|base64offset|contains: Invoke-Mimikatz', {
        CommandLine: `powershell -e ${encoded}`,
      }),
    ).toBe(true);
    expect(
      hit('CommandLine|utf16le|base64offset|contains: Invoke-Mimikatz', {
        CommandLine: `powershell -e ${encoded}`,
      }),
    ).toBe(true);
  });
  it('utf16be and utf16 (with BOM)', () => {
    expect(hit('Value|utf16be|base64: cmd', { Value: btoa('\0c\0m\0d') })).toBe(true);
    expect(hit('Value|utf16|base64: cmd', { Value: btoa('\xff\xfec\0m\0d\0') })).toBe(true);
  });
  it('windash expands -, /, en dash, em dash and horizontal bar', () => {
    for (const d of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(
        hit('CommandLine|windash|contains: " -decode "', { CommandLine: `certutil ${d}decode a b` }),
      ).toBe(true);
    expect(hit('CommandLine|windash|contains: " -decode "', { CommandLine: 'certutil +decode a b' })).toBe(
      false,
    );
  });
});

describe('regular expressions', () => {
  it('re is case-sensitive; i, m, s sub-modifiers', () => {
    expect(hit("CommandLine|re: 'ab+c'", { CommandLine: 'xabbbc' })).toBe(true);
    expect(hit("CommandLine|re: 'ABC'", { CommandLine: 'abc' })).toBe(false);
    expect(hit("CommandLine|re|i: 'ABC'", { CommandLine: 'abc' })).toBe(true);
    expect(hit("CommandLine|re: '^b'", { CommandLine: 'a\nb' })).toBe(false);
    expect(hit("CommandLine|re|m: '^b'", { CommandLine: 'a\nb' })).toBe(true);
    expect(hit("CommandLine|re: 'a.b'", { CommandLine: 'a\nb' })).toBe(false);
    expect(hit("CommandLine|re|s: 'a.b'", { CommandLine: 'a\nb' })).toBe(true);
  });
  it('rejects constructs RE2 lacks, with the reason and position', () => {
    const text =
      "title: t\nlogsource: {product: x}\ndetection:\n  selection:\n    Value|re: 'a(?=b)'\n  condition: selection\n";
    const rule = parseRules(text, { file: 'lookahead.yml' }).rules[0] as SigmaRule;
    expect(() => compileRule(rule, NO_PIPELINES)).toThrowError(/lookaround/);
    try {
      compileRule(rule, NO_PIPELINES);
    } catch (e) {
      expect((e as { code: string }).code).toBe('sigma.regex.unsupported');
      expect((e as { location: unknown }).location).toEqual({ file: 'lookahead.yml', line: 5, col: 15 });
    }
    const backref = text.replace('a(?=b)', '(a)\\1');
    expect(() =>
      compileRule(parseRules(backref, { file: 'b.yml' }).rules[0] as SigmaRule, NO_PIPELINES),
    ).toThrowError(/backreferences/);
  });
  it('a catastrophic-backtracking pattern over a long value finishes in linear time', () => {
    const r = sel("CommandLine|re: '^(a+)+$'");
    const value = `${'a'.repeat(100_000)}!`;
    const t = performance.now();
    expect(r.match({ CommandLine: value })).toBeNull();
    const ms = performance.now() - t;
    // A backtracking engine needs ~2^100000 steps here; the assertion only documents that it returned.
    expect(ms).toBeLessThan(60_000);
    expect(r.match({ CommandLine: 'aaaa' })).not.toBeNull();
  });
});

describe('numeric, network, field and time modifiers', () => {
  it('gt / gte / lt / lte on numbers and numeric strings', () => {
    expect(hit('Size|gt: 100', { Size: 101 })).toBe(true);
    expect(hit('Size|gt: 100', { Size: 100 })).toBe(false);
    expect(hit('Size|gte: 100', { Size: '100' })).toBe(true);
    expect(hit('Size|lt: 100', { Size: 99.5 })).toBe(true);
    expect(hit('Size|lte: 100', { Size: 'abc' })).toBe(false);
  });
  it('neq: the field exists and differs from every value', () => {
    expect(hit('LogonType|neq: 3', { LogonType: 10 })).toBe(true);
    expect(hit('LogonType|neq: 3', { LogonType: 3 })).toBe(false);
    expect(hit('LogonType|neq:\n  - 3\n  - 10', { LogonType: 10 })).toBe(false);
    expect(hit('LogonType|neq: 3', {})).toBe(false);
  });
  it('cidr for IPv4 and IPv6', () => {
    expect(hit('DestinationIp|cidr: 10.0.0.0/8', { DestinationIp: '10.20.30.40' })).toBe(true);
    expect(hit('DestinationIp|cidr: 10.0.0.0/8', { DestinationIp: '11.0.0.1' })).toBe(false);
    expect(hit('DestinationIp|cidr: 10.0.0.0/8', { DestinationIp: '::ffff:10.1.1.1' })).toBe(true);
    expect(hit("DestinationIp|cidr: 'fe80::/10'", { DestinationIp: 'fe80::1%eth0' })).toBe(true);
    expect(hit("DestinationIp|cidr: '2001:db8::/32'", { DestinationIp: '2001:db9::1' })).toBe(false);
    expect(
      hit('DestinationIp|cidr:\n  - 192.168.0.0/16\n  - 127.0.0.0/8', { DestinationIp: '127.0.0.1' }),
    ).toBe(true);
  });
  it('fieldref compares with another field (and with neq)', () => {
    expect(
      hit('SubjectUserName|fieldref: TargetUserName', { SubjectUserName: 'Bob', TargetUserName: 'bob' }),
    ).toBe(true);
    expect(
      hit('SubjectUserName|fieldref: TargetUserName', { SubjectUserName: 'bob', TargetUserName: 'alice' }),
    ).toBe(false);
    expect(
      hit('SubjectUserName|fieldref|neq: TargetUserName', {
        SubjectUserName: 'bob',
        TargetUserName: 'alice',
      }),
    ).toBe(true);
  });
  it('time modifiers extract UTC components of a date', () => {
    const ev = { TimeCreated: '2024-03-07T23:45:10.123Z' };
    expect(hit('TimeCreated|hour: 23', ev)).toBe(true);
    expect(hit('TimeCreated|minute: 45', ev)).toBe(true);
    expect(hit('TimeCreated|day: 7', ev)).toBe(true);
    expect(hit('TimeCreated|month: 3', ev)).toBe(true);
    expect(hit('TimeCreated|year: 2024', ev)).toBe(true);
    expect(hit('TimeCreated|week: 10', ev)).toBe(true);
    expect(hit('TimeCreated|hour|gte: 22', ev)).toBe(true);
    expect(hit('TimeCreated|hour|lt: 6', ev)).toBe(false);
    expect(hit('TimeCreated|week: 1', { TimeCreated: '2021-01-04T00:00:00Z' })).toBe(true);
    expect(hit('TimeCreated|week: 53', { TimeCreated: '2021-01-03T00:00:00Z' })).toBe(true);
  });
  it('expand resolves placeholders from the pipelines and rejects unresolved ones', () => {
    const text =
      "title: t\nlogsource: {product: x}\ndetection:\n  selection:\n    User|expand: '%Admins%'\n  condition: selection\n";
    const rule = parseRules(text, { file: 'ph.yml' }).rules[0] as SigmaRule;
    expect(() => compileRule(rule, NO_PIPELINES)).toThrowError(/%Admins% has no values/);
    const p = parsePipeline('name: site\nplaceholders:\n  Admins: [adm_*, root]\n', { file: 'site.yml' })
      .pipeline!;
    const r = compileRule(rule, createPipelineSet([p]));
    expect(r.match({ User: 'adm_bob' })).not.toBeNull();
    expect(r.match({ User: 'ROOT' })).not.toBeNull();
    expect(r.match({ User: 'bob' })).toBeNull();
    const wildcard = parsePipeline('name: w\nplaceholder_fallback: wildcard\n', { file: 'w.yml' }).pipeline!;
    expect(compileRule(rule, createPipelineSet([wildcard])).match({ User: 'anyone' })).not.toBeNull();
    // `\%` escapes a plain percent sign under `expand`.
    const escaped = text.replace("'%Admins%'", "'\\%plain%Admins%'");
    const e = compileRule(
      parseRules(escaped, { file: 'ph.yml' }).rules[0] as SigmaRule,
      createPipelineSet([p]),
    );
    expect(e.match({ User: '%plainroot' })).not.toBeNull();
    expect(e.match({ User: 'root' })).toBeNull();
    // Without `expand`, %x% is a literal.
    expect(hit("User: '%Admins%'", { User: '%admins%' })).toBe(true);
  });
});

describe('keywords', () => {
  it('search every value of the event (contains), OR-linked, `|all` AND-linked', () => {
    const text = (body: string) =>
      `title: t\nlogsource: {product: x}\ndetection:\n  keywords:\n${body}\n  condition: keywords\n`;
    const r = compileRule(
      parseRules(text("    - 'event::clear'\n    - 'sekurlsa::'"), { file: 'k.yml' }).rules[0] as SigmaRule,
      NO_PIPELINES,
    );
    expect(r.match({ A: 'x', CommandLine: 'mimikatz Sekurlsa::logonpasswords' })).not.toBeNull();
    expect(r.match({ A: 'x', B: 42 })).toBeNull();
    const all = compileRule(
      parseRules(text("    '|all':\n      - OabVirtualDirectory\n      - ' -ExternalUrl '"), {
        file: 'k.yml',
      }).rules[0] as SigmaRule,
      NO_PIPELINES,
    );
    expect(all.match({ P: 'Set-OabVirtualDirectory', Q: 'x -ExternalUrl http://' })).not.toBeNull();
    expect(all.match({ P: 'Set-OabVirtualDirectory' })).toBeNull();
  });
});

describe('keyword match explanations', () => {
  it('name the fields holding a keyword', () => {
    const text =
      "title: t\nlogsource: {product: x}\ndetection:\n  keywords:\n    - 'sekurlsa::'\n  condition: keywords\n";
    const r = compileRule(parseRules(text, { file: 'k.yml' }).rules[0] as SigmaRule, NO_PIPELINES);
    expect(
      r.match({ A: 'x', CommandLine: 'mimikatz sekurlsa::logonpasswords', Data: ['y', 'SEKURLSA::x'] })
        ?.fields,
    ).toEqual([
      { selection: 'keywords', field: 'CommandLine', value: 'mimikatz sekurlsa::logonpasswords' },
      { selection: 'keywords', field: 'Data', value: ['y', 'SEKURLSA::x'] },
    ]);
  });
});

describe('regex prefilter literals', () => {
  it('are required top-level text only', async () => {
    const { requiredRegexLiteral } = await import('./regex.js');
    expect(requiredRegexLiteral('(?i)\\\\rundll32\\.exe\\s+\\S+,#\\d+')).toBe('\\rundll32.exe');
    expect(requiredRegexLiteral('HostId=[a-zA-Z0-9-]{36}\\s+EngineVersion=')).toBe('engineversion=');
    expect(requiredRegexLiteral('abcd?ef')).toBe('abc');
    expect(requiredRegexLiteral('powershell(\\.exe)?\\s+-enc')).toBe('powershell');
    expect(requiredRegexLiteral('foo|barbaz')).toBeNull();
    expect(requiredRegexLiteral('(?:cmd|powershell)\\.exe')).toBe('.exe');
    expect(requiredRegexLiteral('[abc]{3}x')).toBeNull();
    expect(requiredRegexLiteral('\\d{10}')).toBeNull();
  });
  it('never reject a value the regex matches (random check)', async () => {
    const { requiredRegexLiteral } = await import('./regex.js');
    const cases: [string, string[]][] = [
      ['ab+cde?f', ['abcdf', 'abbbcdef']],
      ['x(y|z)*wvu', ['xwvu', 'xyzyzwvu']],
      ['^start.*end$', ['start--end']],
      ['a\\.b\\*c+', ['a.b*c', 'a.b*ccc']],
    ];
    for (const [pattern, values] of cases) {
      const lit = requiredRegexLiteral(pattern);
      for (const v of values) {
        expect(new RegExp(pattern).test(v)).toBe(true);
        if (lit !== null) expect(v.toLowerCase()).toContain(lit);
      }
    }
  });
});

describe('regex gates', () => {
  it('skip the regex when its required literal is absent, without changing results', () => {
    const r = sel("CommandLine|re: 'x`[a-z]+`y'");
    expect(r.match({ CommandLine: 'ix`nvoke`y' })).not.toBeNull();
    expect(r.match({ CommandLine: 'nothing here' })).toBeNull();
    // Case-insensitive regexes: RE2 folds s/k with ſ/K, lowercasing does not, so no gate on such literals.
    const ci = sel("CommandLine|re|i: 'mask'");
    expect(ci.match({ CommandLine: 'MAſK' })).not.toBeNull();
    expect(ci.literals).toBeNull();
  });
});

describe('contains lists searched in one pass', () => {
  it('a long contains list (bigram-filtered search) matches exactly when some value contains a needle', () => {
    // 24 needles: long enough for the one-pass search; 1-character needles, shared first pairs, a needle at
    // the very start and at the very end of the value, upper case in the rule and in the event.
    const needles = [
      'x',
      'pass',
      'password',
      'passw0rd',
      'P@SSW0RD',
      'qwerty',
      'letmein',
      'welcome',
      'admin123',
      'changeme',
      'secret',
      'summer2023',
      'winter2023',
      '123456',
      'abc123',
      'iloveyou',
      'monkey',
      'dragon',
      'football',
      'master',
      'shadow',
      'trustno1',
      'hunter2',
      'zz',
    ];
    const rule = sel(`CommandLine|contains:\n${needles.map((n) => `  - '${n}'`).join('\n')}`);
    const naive = (v: string) => needles.some((n) => v.toLowerCase().includes(n.toLowerCase()));
    const values = [
      'net user bob hunter2 /add',
      'PASSWORD=1',
      'c:\\windows\\system32\\svchost.exe -k netsvcs',
      'c:\\temp\\a.exe -p zz',
      'zz',
      'z',
      'p',
      'pa',
      'mast',
      'master',
      'run P@ssW0rd now',
      '',
      'dragonfly',
      'no match here at all 9876',
    ];
    for (const v of values) expect([v, rule.match({ CommandLine: v }) !== null]).toEqual([v, naive(v)]);
    // Every string over a small alphabet up to length 5 agrees with the naive search.
    const alphabet = ['p', 'a', 's', 'z', 'x', '1'];
    const strings: string[] = [''];
    for (let len = 1; len <= 5; len++)
      for (const prev of strings.filter((t) => t.length === len - 1))
        for (const c of alphabet) strings.push(prev + c);
    for (const v of strings) expect(rule.match({ CommandLine: v }) !== null).toBe(naive(v));
  });
});
