/**
 * One compiled matcher for a whole IOC list: IPs and CIDR ranges (v4/v6) against address fields, domains and
 * their subdomains against host-name fields and the hosts of URLs in command lines, URLs and command-line
 * fragments (one Aho–Corasick scan) against command-line/script/URL fields, hashes against Sysmon `Hashes`
 * (`SHA256=…,MD5=…`) and hash fields, file names against the base names of image/file path fields.
 */

import type { FindingLevel } from '../../findings/index.js';
import type { FlatEvent, FlatValue } from '../../sigma/index.js';
import { AhoCorasick } from '../engine/aho-corasick.js';
import type { IocEntry, IocType } from './ioc-entry.js';
import { CidrSet, parseCidr, parseIp } from './ip-address.js';

/** One indicator found in an event. */
export interface IocHit {
  readonly type: IocType;
  readonly indicator: string;
  readonly field: string;
  readonly value: string;
  readonly source: string;
  readonly label?: string;
  readonly level: FindingLevel;
}

export interface IocMatcherOptions {
  /** Level of IOC findings (default `high`). */
  readonly level?: FindingLevel;
}

export interface IocMatcher {
  /** Indicators per type that the matcher holds. */
  readonly counts: Readonly<Partial<Record<IocType, number>>>;
  readonly size: number;
  /** Every indicator occurring in the event (each indicator at most once per event). */
  match(event: FlatEvent): IocHit[];
}

/** Fields holding IP addresses (besides any field whose name ends in `Ip`/`IpAddress`/`Address`). */
const IP_FIELDS = new Set([
  'DestinationIp',
  'SourceIp',
  'IpAddress',
  'SourceAddress',
  'DestAddress',
  'ClientAddress',
  'ClientIP',
  'RemoteAddress',
  'SourceNetworkAddress',
  'DestinationAddress',
  'Address',
]);
const IP_FIELD_SUFFIX = /(?:ip|ipaddress|address|addr)$/i;
/** Fields holding host names. */
const HOST_FIELDS = new Set([
  'QueryName',
  'DestinationHostname',
  'SourceHostname',
  'Hostname',
  'RemoteName',
  'ServerName',
  'TargetServerName',
  'WorkstationName',
  'Host',
]);
/** Fields whose text may contain URLs, hosts and command-line fragments. */
const TEXT_FIELDS = new Set([
  'CommandLine',
  'ParentCommandLine',
  'ProcessCommandLine',
  'ScriptBlockText',
  'Payload',
  'ContextInfo',
  'HostApplication',
  'Details',
  'QueryResults',
  'Url',
  'URL',
  'RemoteUrl',
  'TargetFilename',
  'Data',
  'ImagePath',
  'ServiceFileName',
  'Command',
  'Arguments',
  'param1',
  'param2',
  'Message',
]);
/** Fields holding paths whose base name is a file name. */
const PATH_FIELDS = new Set([
  'Image',
  'ParentImage',
  'TargetFilename',
  'ImageLoaded',
  'OriginalFileName',
  'NewProcessName',
  'ParentProcessName',
  'SourceImage',
  'TargetImage',
  'FileName',
  'ServiceFileName',
  'ImagePath',
  'Application',
  'ProcessName',
  'Path',
  'Device',
]);
/** Fields holding hashes: Sysmon `Hashes`/`Hash` lists and single-digest fields. */
const HASH_FIELDS = new Set([
  'Hashes',
  'Hash',
  'MD5',
  'SHA1',
  'SHA256',
  'SHA512',
  'IMPHASH',
  'Imphash',
  'FileHash',
  'sha256',
  'sha1',
  'md5',
]);

const HOST_IN_TEXT =
  /(?:[a-z][a-z0-9+.-]*:\/\/)?((?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62})\b/gi;
const IP_IN_TEXT =
  /(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4})|(?:\d{1,3}\.){3}\d{1,3}/gi;

function scalar(v: FlatValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function stringsOf(v: FlatValue | undefined, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
}

/** Compiles an IOC list into one matcher. */
export function compileIocMatcher(entries: readonly IocEntry[], options: IocMatcherOptions = {}): IocMatcher {
  const level = options.level ?? 'high';
  const ips = new CidrSet<IocEntry>();
  const domains = new Map<string, IocEntry>();
  const hashes = new Map<string, IocEntry>();
  const files = new Map<string, IocEntry>();
  const substrings: IocEntry[] = [];
  const counts: Partial<Record<IocType, number>> = {};
  for (const e of entries) {
    counts[e.type] = (counts[e.type] ?? 0) + 1;
    switch (e.type) {
      case 'ip':
      case 'cidr': {
        const r = parseCidr(e.value);
        if (r) ips.add(r, e);
        break;
      }
      case 'domain':
        if (!domains.has(e.value)) domains.set(e.value, e);
        break;
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'sha512':
      case 'imphash':
        if (!hashes.has(e.value)) hashes.set(e.value, e);
        break;
      case 'filename':
        if (!files.has(e.value)) files.set(e.value, e);
        break;
      case 'url':
      case 'commandline':
        substrings.push(e);
        break;
    }
  }
  const automaton = substrings.length > 0 ? new AhoCorasick(substrings.map((s) => s.value)) : null;
  const hasIps = ips.size > 0;

  const match = (event: FlatEvent): IocHit[] => {
    const hits: IocHit[] = [];
    const seen = new Set<IocEntry>();
    const hit = (e: IocEntry, field: string, value: string) => {
      if (seen.has(e)) return;
      seen.add(e);
      hits.push({
        type: e.type,
        indicator: e.indicator,
        field,
        value,
        source: e.source,
        level,
        ...(e.label ? { label: e.label } : {}),
      });
    };
    const checkIp = (text: string, field: string) => {
      const ip = parseIp(text);
      if (ip) for (const e of ips.lookup(ip)) hit(e, field, text);
    };
    const checkHost = (host: string, field: string, value: string) => {
      let h = host.toLowerCase().replace(/\.$/, '');
      for (;;) {
        const e = domains.get(h);
        if (e) hit(e, field, value);
        const dot = h.indexOf('.');
        if (dot < 0) break;
        h = h.slice(dot + 1);
      }
    };
    for (const field in event) {
      const raw = event[field];
      if (raw === null || raw === undefined || typeof raw === 'boolean') continue;
      if (hasIps && (IP_FIELDS.has(field) || IP_FIELD_SUFFIX.test(field))) {
        const s = scalar(raw as FlatValue);
        if (s) checkIp(s.trim(), field);
      }
      const isText = TEXT_FIELDS.has(field);
      if (domains.size > 0 && (HOST_FIELDS.has(field) || isText)) {
        const list: string[] = [];
        stringsOf(raw as FlatValue, list);
        for (const s of list) {
          if (HOST_FIELDS.has(field)) checkHost(s.trim(), field, s);
          else for (const m of s.matchAll(HOST_IN_TEXT)) checkHost(m[1]!, field, s);
        }
      }
      if (hasIps && isText) {
        const list: string[] = [];
        stringsOf(raw as FlatValue, list);
        for (const s of list)
          for (const m of s.matchAll(IP_IN_TEXT)) checkIp(m[0].replace(/^::ffff:/i, ''), field);
      }
      if (automaton && isText) {
        const list: string[] = [];
        stringsOf(raw as FlatValue, list);
        for (const s of list)
          automaton.scan(s, (id) => {
            hit(substrings[id]!, field, s);
            return false;
          });
      }
      if (hashes.size > 0 && HASH_FIELDS.has(field)) {
        const s = scalar(raw as FlatValue);
        if (s)
          for (const part of s.split(/[,;\s]+/)) {
            const digest = part.includes('=') ? part.slice(part.indexOf('=') + 1) : part;
            const e = hashes.get(digest.trim().toLowerCase());
            if (e) hit(e, field, s);
          }
      }
      if (files.size > 0 && PATH_FIELDS.has(field)) {
        const s = scalar(raw as FlatValue);
        if (s) {
          const base = s
            .replace(/^.*[\\/]/, '')
            .trim()
            .toLowerCase();
          const e = files.get(base);
          if (e) hit(e, field, s);
        }
      }
    }
    return hits;
  };
  return { counts, size: entries.length, match };
}
