/**
 * Indicator entries for IOC sweeps: the types a sweep matches, refanging (`hxxp`, `[.]`), normalisation per
 * type, and type guessing for values listed without one.
 */
import { parseCidr, parseIp } from './ip-address.js';

/** Indicator types the sweep matches. */
export const IOC_TYPES = [
  'ip',
  'cidr',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'imphash',
  'filename',
  'commandline',
] as const;
export type IocType = (typeof IOC_TYPES)[number];

/** One indicator to sweep for. */
export interface IocEntry {
  readonly type: IocType;
  /** Normalised value (lower-case for case-insensitive types). */
  readonly value: string;
  /** The value as the file wrote it. */
  readonly indicator: string;
  /** Where it was read: `file:line`, or `file` + a STIX/MISP id. */
  readonly source: string;
  /** Actor, campaign or malware family named for it. */
  readonly label?: string;
}

/** Undoes common defanging: `hxxp://`, `[.]`, `(.)`, `{.}`, `[:]`, `[@]`, `[dot]`. */
export function refang(value: string): string {
  return value
    .trim()
    .replace(/^hxxp(s?)(:\/\/|\[:\]\/\/)/i, 'http$1://')
    .replace(/^fxp:\/\//i, 'ftp://')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[@\]|\[at\]/gi, '@');
}

const HEX = /^[0-9a-f]+$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const FILE_EXT =
  /\.(exe|dll|sys|scr|ps1|psm1|psd1|bat|cmd|vbs|vbe|js|jse|wsf|hta|msi|msp|lnk|iso|img|vhd|vhdx|zip|rar|7z|cab|jar|docm|xlsm|pptm|doc|xls|ppt|docx|xlsx|pdf|rtf|one|html?|tmp|dat|bin|py|sh|elf|so)$/i;

/** A hash type by digest length, or undefined. */
export function hashTypeOf(value: string): IocType | undefined {
  if (!HEX.test(value)) return undefined;
  switch (value.length) {
    case 32:
      return 'md5';
    case 40:
      return 'sha1';
    case 64:
      return 'sha256';
    case 128:
      return 'sha512';
    default:
      return undefined;
  }
}

/** Guesses the type of a bare value (after refanging). */
export function guessIocType(raw: string): IocType {
  const v = refang(raw);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url';
  if (v.includes('/') && parseCidr(v)) return 'cidr';
  if (parseIp(v)) return 'ip';
  const h = hashTypeOf(v);
  if (h) return h;
  if (FILE_EXT.test(v) && !/[\\/\s]/.test(v)) return 'filename';
  if (DOMAIN.test(v)) return 'domain';
  return 'commandline';
}

/**
 * Normalises a value of a type; undefined when it is not a valid value of that type (the caller reports
 * it). Domains lose a trailing dot and `*.` prefix; URLs keep their path but lose defanging.
 */
export function normaliseIoc(type: IocType, raw: string): string | undefined {
  const v = refang(raw);
  if (v === '') return undefined;
  switch (type) {
    case 'ip':
      return parseIp(v) ? v.toLowerCase() : parseCidr(v) ? undefined : undefined;
    case 'cidr':
      return parseCidr(v) ? v.toLowerCase() : undefined;
    case 'domain': {
      const d = v.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
      return DOMAIN.test(d) ? d : undefined;
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return hashTypeOf(v) === type ? v.toLowerCase() : undefined;
    case 'imphash':
      return HEX.test(v) && v.length === 32 ? v.toLowerCase() : undefined;
    case 'url':
      return v.length >= 8 ? v.toLowerCase() : undefined;
    case 'filename': {
      const base = v.replace(/^.*[\\/]/, '').toLowerCase();
      return base === '' ? undefined : base;
    }
    case 'commandline':
      return v.length >= 4 ? v.toLowerCase() : undefined;
  }
}

const TYPE_ALIASES: Readonly<Record<string, IocType | 'auto'>> = {
  ip: 'ip',
  ipv4: 'ip',
  ipv6: 'ip',
  'ipv4-addr': 'ip',
  'ipv6-addr': 'ip',
  ipaddress: 'ip',
  ipaddr: 'ip',
  'ip-src': 'ip',
  'ip-dst': 'ip',
  'ip-addr': 'ip',
  networkip: 'ip',
  ipv4address: 'ip',
  ipv6address: 'ip',
  cidr: 'cidr',
  'ip-range': 'cidr',
  iprange: 'cidr',
  subnet: 'cidr',
  domain: 'domain',
  domainname: 'domain',
  'domain-name': 'domain',
  hostname: 'domain',
  host: 'domain',
  fqdn: 'domain',
  c2domain: 'domain',
  url: 'url',
  uri: 'url',
  link: 'url',
  md5: 'md5',
  filehashmd5: 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  filehashsha1: 'sha1',
  sha256: 'sha256',
  'sha-256': 'sha256',
  filehashsha256: 'sha256',
  sha512: 'sha512',
  'sha-512': 'sha512',
  imphash: 'imphash',
  hash: 'auto',
  filehash: 'auto',
  filename: 'filename',
  file: 'filename',
  'file-name': 'filename',
  'process-name': 'filename',
  commandline: 'commandline',
  cmdline: 'commandline',
  'command-line': 'commandline',
  process_command_line: 'commandline',
  'pattern-in-file': 'commandline',
};

/** Maps a type name as IOC files write it (`SHA256`, `ip-dst`, `DomainName`) to an IocType; `auto` = guess. */
export function iocTypeFromName(name: string): IocType | 'auto' | undefined {
  const k = name.trim().toLowerCase().replace(/\s+/g, '');
  return TYPE_ALIASES[k] ?? TYPE_ALIASES[k.replace(/_/g, '')];
}
