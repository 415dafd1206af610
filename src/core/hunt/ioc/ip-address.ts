/**
 * IPv4/IPv6 addresses and CIDR ranges (RFC 4632, RFC 4291 §2.2 text forms incl. `::`, embedded IPv4 and
 * zone ids) as bigints, and a matcher that tests an address against many ranges with one set lookup per
 * distinct prefix length.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(s: string): bigint | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith('0')) return undefined; // ambiguous octal-looking forms
    const n = Number(part);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(text: string): bigint | undefined {
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (!s.includes(':')) return undefined;
  let tailV4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    tailV4 = parseV4(tail);
    if (tailV4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else groups = head;
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/**
 * Parses an IPv4 or IPv6 address. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is returned as IPv4 so it matches
 * IPv4 indicators.
 */
export function parseIp(text: string): IpAddress | undefined {
  const s = text.trim();
  const v4 = parseV4(s);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseV6(s);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn && (v6 & ~0xffffffffn) === MAPPED_PREFIX)
    return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

export interface CidrRange {
  readonly version: 4 | 6;
  readonly prefix: number;
  /** Network address (host bits cleared). */
  readonly network: bigint;
}

/** Parses `a.b.c.d/n` or `v6/n` (host bits are cleared). A bare address is a /32 or /128. */
export function parseCidr(text: string): CidrRange | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { version: ip.version, prefix, network: ip.value & mask };
}

/** Tests addresses against a set of ranges. */
export class CidrSet<T> {
  // version → prefix length → network → payloads
  private readonly tables = new Map<4 | 6, Map<number, Map<bigint, T[]>>>();

  add(range: CidrRange, payload: T): void {
    let byLen = this.tables.get(range.version);
    if (!byLen) {
      byLen = new Map();
      this.tables.set(range.version, byLen);
    }
    let nets = byLen.get(range.prefix);
    if (!nets) {
      nets = new Map();
      byLen.set(range.prefix, nets);
    }
    const list = nets.get(range.network) ?? [];
    list.push(payload);
    nets.set(range.network, list);
  }

  get size(): number {
    let n = 0;
    for (const byLen of this.tables.values()) for (const nets of byLen.values()) n += nets.size;
    return n;
  }

  /** Payloads of every range containing `ip`. */
  lookup(ip: IpAddress): T[] {
    const byLen = this.tables.get(ip.version);
    if (!byLen) return [];
    const bits = ip.version === 4 ? 32 : 128;
    const out: T[] = [];
    for (const [prefix, nets] of byLen) {
      const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
      const hit = nets.get(ip.value & mask);
      if (hit) out.push(...hit);
    }
    return out;
  }
}
