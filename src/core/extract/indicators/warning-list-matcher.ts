/**
 * MISP warninglists (https://github.com/MISP/misp-warninglists, CC0) compiled for fast lookups while extracting:
 * CIDR lists as disjoint sorted ranges searched by bisection (IPv4 as numbers, IPv6 as bigints), hostname lists by
 * walking the label suffixes of a host through one Map, string lists through one Map, substring lists through one
 * Aho-Corasick automaton (a single pass over the value), regex lists through re2js (linear time).
 *
 * Lists are split into two classes. `benign` lists name values that are never threat indicators (private and
 * documentation ranges, public resolvers, empty-file and common false-positive hashes, CA fingerprints, security
 * vendors' blogs, sinkholes, contact mailboxes). `known` lists name legitimate, popular services (top-site rankings,
 * cloud ranges, dynamic DNS, URL shorteners...) that attackers also abuse: a match only informs.
 */
import { RE2JS } from 're2js';
import type { WarningList, WarningListSet } from '../../catalog/index.js';
import { StormwatchError } from '../../shared/index.js';
import { parseIPv4 } from './ipv4.js';
import { parseIPv6 } from './ipv6.js';
import { type ListRef, RangeTable, SubstringAutomaton } from './list-lookup.js';

/** The compiled lists, as `data/catalog/warninglists.json.gz` stores them (defined by the catalog). */
export type WarningListData = WarningListSet;
export type { WarningList };

/** A value's warninglist match: the list name and whether the list marks values as benign or merely known. */
export interface WarningListHit {
  readonly list: string;
  readonly benign: boolean;
}

/** The value classes lists apply to, derived from MISP `matching_attributes`. */
export type WarningListTarget = 'ip' | 'hostname' | 'url' | 'email' | 'md5' | 'sha1' | 'sha256' | 'filename';

const ATTRIBUTE_TARGETS: Record<string, WarningListTarget> = {
  'ip-src': 'ip',
  'ip-dst': 'ip',
  'domain|ip': 'ip',
  'ip-src|port': 'ip',
  'ip-dst|port': 'ip',
  domain: 'hostname',
  hostname: 'hostname',
  'hostname|port': 'hostname',
  url: 'url',
  uri: 'url',
  'email-src': 'email',
  'email-dst': 'email',
  'target-email': 'email',
  email: 'email',
  'whois-registrant-email': 'email',
  'dns-soa-email': 'email',
  md5: 'md5',
  'filename|md5': 'md5',
  sha1: 'sha1',
  'filename|sha1': 'sha1',
  sha256: 'sha256',
  'filename|sha256': 'sha256',
  filename: 'filename',
};

// Lists whose entries are never threat indicators; every other list only says "legitimate and well known".
const BENIGN_LIST =
  /RFC ?(?:1918|3849|5735|5737|6598|6761|5771|4291)|multicast|link local|public (?:IPv[46] )?DNS resolver|empty files|false[- ]?positive|EICAR|CA certificates|trusted certificates|\bCRL\b|\bOCSP\b|TLDs as known|second level TLDs|security providers|sinkhole|blockpage|contact e-?mail|captive portal|automated malware analysis/i;

/** True when a list's values are benign (never threat indicators) rather than merely well known. */
export function isBenignList(list: Pick<WarningList, 'name' | 'description' | 'category'>): boolean {
  return BENIGN_LIST.test(`${list.name} ${list.description}`);
}

interface TargetTables {
  readonly exact: Map<string, ListRef>;
  readonly suffix: Map<string, ListRef>;
  readonly substrings: SubstringAutomaton;
  readonly regexes: { re: RE2JS; ref: ListRef }[];
  v4: { start: number; end: number; ref: ListRef }[];
  v6: { start: bigint; end: bigint; ref: ListRef }[];
}

function setBest(map: Map<string, ListRef>, key: string, ref: ListRef): void {
  const cur = map.get(key);
  if (cur === undefined || ref.rank < cur.rank) map.set(key, ref);
}

function parseCidr(entry: string): { v4?: [number, number]; v6?: [bigint, bigint] } | undefined {
  const slash = entry.indexOf('/');
  const ip = slash === -1 ? entry : entry.slice(0, slash);
  const bitsText = slash === -1 ? undefined : entry.slice(slash + 1);
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const start = Math.floor(v4 / size) * size;
    return { v4: [start, start + size - 1] };
  }
  const v6 = parseIPv6(ip);
  if (v6 !== undefined) {
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 128) return undefined;
    const host = (1n << BigInt(128 - bits)) - 1n;
    const start = v6 & ~host & ((1n << 128n) - 1n);
    return { v6: [start, start | host] };
  }
  return undefined;
}

/** MISP regex entries are written `/pattern/flags`; re2js takes the pattern and flag bits. */
function compileRegexEntry(entry: string): RE2JS | undefined {
  let pattern = entry;
  let flags = 0;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  if (m) {
    pattern = m[1] ?? '';
    if ((m[2] ?? '').includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  }
  try {
    return RE2JS.compile(pattern.replace(/\\([@/])/g, '$1'), flags);
  } catch {
    return undefined;
  }
}

/** Lookups over a set of compiled warninglists. Build with `WarningListMatcher.compile`. */
export class WarningListMatcher {
  private readonly tables = new Map<WarningListTarget, TargetTables>();
  private readonly v4 = new Map<WarningListTarget, RangeTable<number>>();
  private readonly v6 = new Map<WarningListTarget, RangeTable<bigint>>();
  /** Entries that could not be compiled (bad CIDR or regex), by list: reported, never fatal. */
  readonly skipped: { list: string; entry: string }[] = [];
  readonly listCount: number;

  private constructor(data: WarningListData) {
    this.listCount = data.lists.length;
    const ordered = data.lists.map((l, i) => ({ l, benign: isBenignList(l), i }));
    for (const { l, benign, i } of ordered) {
      const ref: ListRef = { name: l.name, benign, rank: (benign ? 0 : 1_000_000) + i };
      const targets = new Set<WarningListTarget>();
      for (const a of l.matching_attributes) {
        const t = ATTRIBUTE_TARGETS[a];
        if (t !== undefined) targets.add(t);
      }
      for (const target of targets) this.addList(target, l, ref);
    }
    for (const [target, t] of this.tables) {
      t.substrings.build();
      if (t.v4.length > 0) this.v4.set(target, new RangeTable(t.v4));
      if (t.v6.length > 0) this.v6.set(target, new RangeTable(t.v6));
      t.v4 = [];
      t.v6 = [];
    }
  }

  private tablesFor(target: WarningListTarget): TargetTables {
    let t = this.tables.get(target);
    if (t === undefined) {
      t = {
        exact: new Map(),
        suffix: new Map(),
        substrings: new SubstringAutomaton(),
        regexes: [],
        v4: [],
        v6: [],
      };
      this.tables.set(target, t);
    }
    return t;
  }

  private addList(target: WarningListTarget, l: WarningList, ref: ListRef): void {
    const t = this.tablesFor(target);
    for (const raw of l.entries) {
      const entry = raw.trim();
      if (entry === '') continue;
      switch (l.type) {
        case 'cidr': {
          const r = parseCidr(entry);
          if (r?.v4) t.v4.push({ start: r.v4[0], end: r.v4[1], ref });
          else if (r?.v6) t.v6.push({ start: r.v6[0], end: r.v6[1], ref });
          else this.skipped.push({ list: l.name, entry });
          break;
        }
        case 'hostname':
          setBest(t.suffix, entry.toLowerCase().replace(/^\*?\./, ''), ref);
          break;
        case 'string':
          setBest(t.exact, entry.toLowerCase(), ref);
          break;
        case 'substring':
          t.substrings.add(entry.toLowerCase(), ref);
          break;
        case 'regex': {
          const re = compileRegexEntry(entry);
          if (re) t.regexes.push({ re, ref });
          else this.skipped.push({ list: l.name, entry });
          break;
        }
      }
    }
  }

  /**
   * Compiles lists in the `data/catalog/warninglists.json.gz` shape. Throws `StormwatchError`
   * (`warninglists.invalid`) naming the JSON path when the structure is wrong.
   */
  static compile(data: unknown): WarningListMatcher {
    const fail = (path: string, what: string): never => {
      throw new StormwatchError({
        code: 'warninglists.invalid',
        kind: 'input',
        message: `warninglists: ${what}`,
        location: { path },
        hint: 'Rebuild the catalog with `npm run build:catalog`.',
      });
    };
    if (typeof data !== 'object' || data === null || !Array.isArray((data as { lists?: unknown }).lists)) {
      return fail('$.lists', 'expected an object with a "lists" array');
    }
    const lists = (data as { lists: unknown[] }).lists;
    const types = new Set(['cidr', 'hostname', 'string', 'substring', 'regex']);
    lists.forEach((l, i) => {
      const o = l as Partial<Record<keyof WarningList, unknown>>;
      if (typeof o !== 'object' || o === null) fail(`$.lists[${i}]`, 'expected an object');
      if (typeof o.name !== 'string') fail(`$.lists[${i}].name`, 'expected a string');
      if (typeof o.type !== 'string' || !types.has(o.type))
        fail(`$.lists[${i}].type`, `unknown type ${String(o.type)}`);
      if (!Array.isArray(o.entries)) fail(`$.lists[${i}].entries`, 'expected an array of strings');
      if (!Array.isArray(o.matching_attributes))
        fail(`$.lists[${i}].matching_attributes`, 'expected an array');
    });
    const normalised = lists.map((l) => {
      const o = l as WarningList;
      return {
        ...o,
        description: typeof o.description === 'string' ? o.description : '',
        category: typeof o.category === 'string' ? o.category : '',
      };
    });
    return new WarningListMatcher({ lists: normalised });
  }

  private hit(ref: ListRef | undefined): WarningListHit | undefined {
    return ref === undefined ? undefined : { list: ref.name, benign: ref.benign };
  }

  private best(...refs: (ListRef | undefined)[]): ListRef | undefined {
    let best: ListRef | undefined;
    for (const r of refs) if (r !== undefined && (best === undefined || r.rank < best.rank)) best = r;
    return best;
  }

  /** An IPv4 address (unsigned 32-bit) against CIDR lists. */
  matchIPv4(ip: number): WarningListHit | undefined {
    return this.hit(this.v4.get('ip')?.find(ip));
  }

  /** An IPv6 address (128-bit) against CIDR lists. */
  matchIPv6(ip: bigint): WarningListHit | undefined {
    return this.hit(this.v6.get('ip')?.find(ip));
  }

  private matchString(target: WarningListTarget, value: string, host?: string): ListRef | undefined {
    const t = this.tables.get(target);
    if (t === undefined) return undefined;
    const v = value.toLowerCase();
    let best = this.best(t.exact.get(v), t.substrings.find(v));
    if (host !== undefined) best = this.best(best, t.exact.get(host));
    const h = host ?? v;
    if (t.suffix.size > 0) {
      let at = 0;
      while (at !== -1) {
        best = this.best(best, t.suffix.get(h.slice(at)));
        const dot = h.indexOf('.', at);
        at = dot === -1 ? -1 : dot + 1;
      }
    }
    for (const { re, ref } of t.regexes) {
      if ((best === undefined || ref.rank < best.rank) && re.matcher(value).find()) best = ref;
    }
    return best;
  }

  /** A host name (domain) against hostname, string, substring and regex lists. */
  matchHostname(host: string): WarningListHit | undefined {
    return this.hit(this.matchString('hostname', host));
  }

  /** A URL: string/substring/regex lists on the whole URL, hostname lists on its host. */
  matchUrl(url: string, host: string | undefined): WarningListHit | undefined {
    const h = host?.toLowerCase();
    return this.hit(this.matchString('url', url, h));
  }

  /** An e-mail address (lists on the address; hostname lists for e-mail are not part of MISP). */
  matchEmail(email: string): WarningListHit | undefined {
    return this.hit(this.matchString('email', email));
  }

  /** A file hash against hash lists. */
  matchHash(kind: 'md5' | 'sha1' | 'sha256', hash: string): WarningListHit | undefined {
    return this.hit(this.matchString(kind, hash));
  }

  /** A file name against filename lists. */
  matchFileName(name: string): WarningListHit | undefined {
    return this.hit(this.matchString('filename', name));
  }

  /** Parses and matches an IP address written as text (v4 or v6); `undefined` when not an address or no match. */
  matchIpText(ip: string): WarningListHit | undefined {
    const v4 = parseIPv4(ip);
    if (v4 !== undefined) return this.matchIPv4(v4);
    const v6 = parseIPv6(ip);
    return v6 === undefined ? undefined : this.matchIPv6(v6);
  }
}
