import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalizeJson } from './canonical-json.js';
import { observableFor } from './sco-builders.js';
import { scoId, scoIdentityString } from './sco-identifier.js';
import { STIX_SCO_NAMESPACE, seededUuidSource, uuidV5, uuidVersion } from './uuid.js';

/**
 * Golden SCO ids. The first is the STIX 2.1 spec's own example (§2.9); the others were computed
 * independently with CPython's `uuid.uuid5(NS, json.dumps(obj, sort_keys=True, separators=(',', ':'),
 * ensure_ascii=False))` — what python-stix2 does for these shapes — and several match ids published
 * by other STIX tools (google.com, example.com, 177.60.40.7, AS 15139).
 */
const GOLDEN: readonly (readonly [string, Record<string, unknown>, string])[] = [
  ['ipv4-addr', { value: '198.51.100.3' }, 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'],
  ['ipv4-addr', { value: '177.60.40.7' }, 'ipv4-addr--dc63603e-e634-5357-b239-d4b562bc5445'],
  ['ipv6-addr', { value: '2001:db8::1' }, 'ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26'],
  ['domain-name', { value: 'example.com' }, 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7'],
  ['domain-name', { value: 'google.com' }, 'domain-name--dd686e37-6889-53bd-8ae1-b1a503452613'],
  ['url', { value: 'http://example.com/a?x=1&y=2' }, 'url--ae873ad5-e6a3-51e3-9038-5690ac1c832b'],
  ['url', { value: 'https://例え.jp/パス?q=ü' }, 'url--f4b6f353-fc33-5472-b838-e060611f77d3'],
  ['email-addr', { value: 'a@example.com' }, 'email-addr--8f5f7fba-cc24-5e3f-aca4-f7194112e042'],
  [
    'file',
    { hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' } },
    'file--02fff920-f614-527c-81d1-6353633a6d21',
  ],
  [
    'file',
    { hashes: { 'SHA-256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
    'file--22f8ff52-8f62-5f03-a53a-6f50f54fd74c',
  ],
  [
    'file',
    {
      hashes: { 'SHA-256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      name: 'pro.exe',
    },
    'file--e9b91187-f00f-54af-a6ca-292b05854c8a',
  ],
  ['file', { name: 'ntds.dit' }, 'file--cd5af9ee-c8cc-5729-9890-ee62809217bd'],
  ['autonomous-system', { number: 15139 }, 'autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff'],
  [
    'windows-registry-key',
    { key: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\PortProxy\\v4tov4\\tcp' },
    'windows-registry-key--50ce713f-992a-52bc-9cfd-777f28f92920',
  ],
];

/** A second, deliberately naive path: sorted-key JSON.stringify + hand-rolled UUIDv5. */
function independentId(type: string, contributing: Record<string, unknown>): string {
  const sortKeys = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;
  const name = JSON.stringify(sortKeys(contributing));
  const ns = Buffer.from(STIX_SCO_NAMESPACE.replace(/-/g, ''), 'hex');
  const h = createHash('sha1')
    .update(Buffer.concat([ns, Buffer.from(name, 'utf8')]))
    .digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${type}--${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

describe('deterministic SCO identifiers (STIX 2.1 §2.9)', () => {
  it.each(GOLDEN)('%s %j → golden id', (type, props, expected) => {
    expect(scoId({ type, spec_version: '2.1', ...props })).toBe(expected);
    expect(independentId(type, props)).toBe(expected);
  });

  it('ignores properties that do not contribute to the id', () => {
    const plain = scoId({ type: 'domain-name', value: 'google.com' });
    const extra = scoId({
      type: 'domain-name',
      value: 'google.com',
      spec_version: '2.1',
      defanged: true,
      resolves_to_refs: ['ipv4-addr--dc63603e-e634-5357-b239-d4b562bc5445'],
    });
    expect(extra).toBe(plain);
  });

  it('uses only one hash, preferring MD5, then SHA-1, SHA-256, SHA-512', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const both = scoId({ type: 'file', hashes: { 'SHA-256': sha256, MD5: md5 } });
    expect(both).toBe('file--02fff920-f614-527c-81d1-6353633a6d21');
    expect(scoIdentityString({ type: 'file', hashes: { 'SHA-512': 'ab', 'SHA-1': 'cd' } })).toBe(
      '{"hashes":{"SHA-1":"cd"}}',
    );
    expect(scoIdentityString({ type: 'file', hashes: { 'x-custom': 'ef' } })).toBe(
      '{"hashes":{"x-custom":"ef"}}',
    );
  });

  it('falls back to a UUIDv4 for process (no contributing properties) and for SCOs carrying none', () => {
    const ids = seededUuidSource('t');
    const process = scoId({ type: 'process', command_line: 'whoami' }, ids);
    expect(uuidVersion(process.slice('process--'.length))).toBe(4);
    const emptyFile = scoId({ type: 'file', size: 10 }, ids);
    expect(uuidVersion(emptyFile.slice('file--'.length))).toBe(4);
  });

  it('observableFor builds the same ids the golden table gives', () => {
    expect(observableFor('ipv4', '198.51.100.3').id).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    expect(observableFor('md5', 'D41D8CD98F00B204E9800998ECF8427E').id).toBe(
      'file--02fff920-f614-527c-81d1-6353633a6d21',
    );
    expect(observableFor('file', 'ntds.dit').id).toBe('file--cd5af9ee-c8cc-5729-9890-ee62809217bd');
    expect(() => observableFor('ipv4', '1.2.3.4:8080')).toThrow(/dotted-quad/);
    expect(() => observableFor('sha256', 'abc')).toThrow(/64 hex digits/);
  });

  it('rejects non-SCO types', () => {
    expect(() => scoId({ type: 'indicator' })).toThrow(/not a STIX 2.1 cyber-observable type/);
  });

  it('uuidV5 matches the RFC 9562 DNS-namespace example', () => {
    // RFC 9562 Appendix A.4: www.example.com in the DNS namespace.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('seeded UUID sources are reproducible and distinct per call', () => {
    const a = seededUuidSource('doc');
    const b = seededUuidSource('doc');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const id of first) expect(uuidVersion(id)).toBe(4);
  });
});

describe('RFC 8785 canonical JSON', () => {
  it('orders members by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the member order from the text: JSON.parse would move the integer-like key "1" first.
    const keys = [...canonicalizeJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) =>
      JSON.parse(`"${m[1]}"`),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('serialises numbers and strings as RFC 8785 §3.2.2 requires', () => {
    expect(canonicalizeJson({ n: [1e21, 0.000001, -0, 333333333.3333333, 1e-7] })).toBe(
      '{"n":[1e+21,0.000001,0,333333333.3333333,1e-7]}',
    );
    expect(canonicalizeJson({ s: '\u0000\u001f"\\/\u007f€' })).toBe('{"s":"\\u0000\\u001f\\"\\\\/\u007f€"}');
    expect(canonicalizeJson({ b: true, z: null, a: { d: 1, c: [] } })).toBe(
      '{"a":{"c":[],"d":1},"b":true,"z":null}',
    );
  });

  it('rejects what JSON cannot carry', () => {
    expect(() => canonicalizeJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalizeJson({ s: '\ud800' })).toThrow(/lone UTF-16 surrogate/);
  });
});
