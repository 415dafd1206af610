/**
 * IPv4 and IPv6 addresses and CIDR ranges for the `cidr` modifier. Addresses are parsed into 128-bit
 * BigInts (IPv4 as IPv4-mapped IPv6), so one comparison serves both families.
 */

const V4_MAPPED = 0xffff00000000n;

function parseV4(s: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let n = 0n;
  for (let i = 1; i <= 4; i++) {
    const b = Number(m[i]);
    if (b > 255) return null;
    n = (n << 8n) | BigInt(b);
  }
  return n;
}

function parseV6(s: string): bigint | null {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  let tail: bigint | null = null;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    tail = parseV4(s.slice(lastColon + 1));
    if (tail === null) return null;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const back = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - back.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...back];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (tail !== null) n = (n & ~0xffffffffn) | tail;
  return n;
}

// The last address parsed: a `cidr` list compiles to one matcher per range, each asking about the same value.
let lastText: string | undefined;
let lastIp: bigint | null = null;

/** Parses an IPv4 or IPv6 address into a 128-bit number (IPv4 → IPv4-mapped). */
export function parseIp(s: string): bigint | null {
  if (s === lastText) return lastIp;
  lastIp = parseIpText(s);
  lastText = s;
  return lastIp;
}

function parseIpText(s: string): bigint | null {
  const t = s.trim();
  const v4 = parseV4(t);
  if (v4 !== null) return V4_MAPPED | v4;
  return t.includes(':') ? parseV6(t) : null;
}

export interface Cidr {
  readonly base: bigint;
  readonly mask: bigint;
}

const ALL = (1n << 128n) - 1n;

/** Parses `a.b.c.d/n` or `x::/n` (a bare address is a /32 or /128). Returns null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const isV4 = parseV4(addr) !== null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const max = isV4 ? 32 : 128;
  const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  const bits = BigInt((isV4 ? 96 : 0) + prefix);
  const mask = bits === 0n ? 0n : (ALL << (128n - bits)) & ALL;
  return { base: ip & mask, mask };
}

/** Builds a predicate testing whether an address string lies in any of the ranges. */
export function cidrMatcher(ranges: readonly Cidr[]): (value: string) => boolean {
  return (value) => {
    const ip = parseIp(value);
    if (ip === null) return false;
    for (const r of ranges) if ((ip & r.mask) === r.base) return true;
    return false;
  };
}
