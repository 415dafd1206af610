/**
 * IPv4 addresses: dotted-quad parsing (RFC 791 notation; no octal or shortened forms), the IANA special-purpose
 * address registry (RFC 6890: private, loopback, link-local, shared, documentation, benchmarking, multicast,
 * reserved), and the context rule that keeps version and section numbers (`Windows 10.0.1.2`, `version 1.2.3.4`,
 * `section 4.1.2.3`) from being read as addresses.
 */

/** Parses `a.b.c.d` into an unsigned 32-bit number, or `undefined` when it is not a valid dotted quad. */
export function parseIPv4(s: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      // A leading zero (`01`) is an octal form in some parsers: not a dotted-quad address as reports write them.
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 0x2e) {
      if (digits === 0) return undefined;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else return undefined;
  }
  return parts === 4 ? value >>> 0 : undefined;
}

/** Formats an unsigned 32-bit number as a dotted quad. */
export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

interface Range4 {
  readonly base: number;
  readonly bits: number;
  readonly name: string;
}

// RFC 6890 / IANA IPv4 special-purpose registry, plus multicast and the limited broadcast address.
const SPECIAL: readonly Range4[] = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'rfc1918-private'],
  ['100.64.0.0', 10, 'rfc6598-shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'rfc1918-private'],
  ['192.0.0.0', 24, 'ietf-protocol-assignments'],
  ['192.0.2.0', 24, 'rfc5737-documentation'],
  ['192.88.99.0', 24, '6to4-relay-anycast'],
  ['192.168.0.0', 16, 'rfc1918-private'],
  ['198.18.0.0', 15, 'rfc2544-benchmarking'],
  ['198.51.100.0', 24, 'rfc5737-documentation'],
  ['203.0.113.0', 24, 'rfc5737-documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([ip, bits, name]) => ({
  base: parseIPv4(ip as string) ?? 0,
  bits: bits as number,
  name: name as string,
}));

// Anycast addresses of the large public resolvers: reports name them as infrastructure the victim uses, not IOCs.
const PUBLIC_RESOLVERS = new Set(
  [
    '8.8.8.8',
    '8.8.4.4',
    '1.1.1.1',
    '1.0.0.1',
    '9.9.9.9',
    '149.112.112.112',
    '208.67.222.222',
    '208.67.220.220',
    '4.2.2.1',
    '4.2.2.2',
    '64.6.64.6',
    '64.6.65.6',
    '94.140.14.14',
    '94.140.15.15',
    '76.76.2.0',
    '76.76.10.0',
  ].map((ip) => parseIPv4(ip) ?? 0),
);

/** Names of the IPv4 special-purpose ranges (never internet hosts). */
export const SPECIAL_PURPOSE_V4: readonly string[] = SPECIAL.map((r) => r.name);

function inRange(ip: number, r: Range4): boolean {
  if (r.bits === 0) return true;
  const shift = 32 - r.bits;
  return ip >>> shift === r.base >>> shift;
}

/** Name of the built-in benign rule an IPv4 address falls in (`rfc1918-private`, `public-resolver`...), if any. */
export function builtinBenignIPv4(ip: number): string | undefined {
  if (ip === 0xffffffff) return 'limited-broadcast';
  for (const r of SPECIAL) if (inRange(ip, r)) return r.name;
  if (PUBLIC_RESOLVERS.has(ip)) return 'public-resolver';
  return undefined;
}

// Words after which a dotted number is a version, build, section or OID rather than an address.
const VERSION_WORDS = new Set([
  'version',
  'versions',
  'ver',
  'v',
  'build',
  'builds',
  'release',
  'releases',
  'firmware',
  'patch',
  'section',
  'sections',
  'chapter',
  'clause',
  'paragraph',
  'step',
  'figure',
  'appendix',
  'requirement',
  'control',
  'windows',
  'os',
  'ios',
  'android',
  'chrome',
  'firefox',
  'kernel',
  'oid',
  'sdk',
  'nist',
  'sp',
  'rfc',
  'cis',
  'upgrade',
  'upgraded',
  'updated',
  'fixed',
]);

/**
 * True when the text just before `start` names a version or section (`version 1.2.3.4`, `Windows 10.0.0.1`,
 * `v1.2.3.4` is not an address either but never reaches here). Looks at the previous word on the same line.
 */
export function isVersionContext(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text[i] === ':')) i--;
  const end = i + 1;
  while (i >= 0 && /[A-Za-z]/.test(text[i] ?? '')) i--;
  if (end - i - 1 === 0) return false;
  return VERSION_WORDS.has(text.slice(i + 1, end).toLowerCase());
}
