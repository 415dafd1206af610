/**
 * IPv6 addresses (RFC 4291 text forms, RFC 5952 canonical output): full, `::`-compressed and IPv4-embedded forms,
 * zone ids (RFC 6874 `%eth0`), and the IANA IPv6 special-purpose registry (loopback, unspecified, link-local,
 * unique-local, documentation 2001:db8::/32 and 3fff::/20, multicast, IPv4-mapped).
 */
import { parseIPv4 } from './ipv4.js';

/** Parses an IPv6 address (without zone id) into a 128-bit bigint, or `undefined` when invalid. */
export function parseIPv6(s: string): bigint | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return undefined;
  const parseSide = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (g.length === 0 || g.length > 4 || !/^[0-9A-Fa-f]+$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl === -1) {
    const all = parseSide(s);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  } else {
    const head = parseSide(s.slice(0, dbl));
    const tail = parseSide(s.slice(dbl + 2));
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** RFC 5952 canonical text: lower case, longest zero run (≥ 2 groups) compressed, no leading zeros. */
export function formatIPv6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

interface Range6 {
  readonly base: bigint;
  readonly bits: number;
  readonly name: string;
}

const SPECIAL: readonly Range6[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'ipv4-mapped'],
  ['64:ff9b::', 96, 'ipv4-ipv6-translation'],
  ['100::', 64, 'discard-only'],
  ['2001:db8::', 32, 'rfc3849-documentation'],
  ['3fff::', 20, 'rfc9637-documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
].map(([ip, bits, name]) => ({
  base: parseIPv6(ip as string) ?? 0n,
  bits: bits as number,
  name: name as string,
}));

const PUBLIC_RESOLVERS = new Set(
  [
    '2001:4860:4860::8888',
    '2001:4860:4860::8844',
    '2606:4700:4700::1111',
    '2606:4700:4700::1001',
    '2620:fe::fe',
  ].map((ip) => parseIPv6(ip) ?? 0n),
);

/** Names of the IPv6 special-purpose ranges (never internet hosts). */
export const SPECIAL_PURPOSE_V6: readonly string[] = SPECIAL.map((r) => r.name);

/** Name of the built-in benign rule an IPv6 address falls in, if any. */
export function builtinBenignIPv6(ip: bigint): string | undefined {
  for (const r of SPECIAL) {
    const shift = BigInt(128 - r.bits);
    if (ip >> shift === r.base >> shift) return r.name;
  }
  if (PUBLIC_RESOLVERS.has(ip)) return 'public-resolver';
  return undefined;
}
