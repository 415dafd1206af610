/**
 * Indicator model shared by every indicator extractor: kinds, the per-item record with its evidence span, and the
 * per-document result. Offsets are UTF-16 code units into the text given to `extractIndicators`.
 */

/** The indicator kinds stormwatch extracts (the `indicators` object of `stormwatch extract`). */
export const INDICATOR_KINDS = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'cve',
  'file',
  'registry',
  'commandline',
] as const;

export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/**
 * Where an indicator sits in the document:
 * - `table`: an IOC list, appendix or table row (the line is essentially the indicator plus a label);
 * - `prose`: running text;
 * - `reference`: a citation, reference-section link, social link, publisher contact e-mail or the publisher's own
 *   site — never a threat indicator.
 */
export type IndicatorContext = 'table' | 'prose' | 'reference';

/** Why an indicator is known to be benign (a warninglist entry or a built-in rule such as `iana-special-purpose`). */
export interface BenignMark {
  /** Name of the list or built-in rule that matched. */
  readonly list: string;
}

export interface Indicator {
  /** Refanged, normalised value (e-mail and host case kept as written; hashes lower-cased; CVE upper-cased). */
  readonly value: string;
  /** True when the source text wrote it defanged (`[.]`, `hxxp`, `[@]`...). */
  readonly defanged: boolean;
  /** UTF-16 offset of the first character of the original (possibly defanged) span. */
  readonly start: number;
  /** UTF-16 offset one past the last character of the original span. */
  readonly end: number;
  readonly context: IndicatorContext;
  /** Present when the value is benign: private/reserved/documentation ranges, resolvers, system binaries, lists. */
  readonly benign?: BenignMark;
  /** Port written after an IP address or host (`1.2.3.4:8080`, `[2001:db8::1]:443`). */
  readonly port?: number;
  /** CIDR prefix length written after an address (`10.0.0.0/8`). */
  readonly cidr?: number;
  /** IPv6 zone id (`fe80::1%eth0`). */
  readonly zone?: string;
  /** Full path when a `file` indicator was written with its directory (`value` is the basename). */
  readonly path?: string;
  /** Why the item is in `reference` context (`citation-link`, `references-section`, `social`, `publisher-site`...). */
  readonly reason?: string;
  /** Every occurrence of the value (the first one is `start`/`end`). */
  readonly mentions: readonly Span[];
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Every indicator found in one document, per kind: one entry per distinct value (hosts, e-mails and hashes compared
 * case-insensitively), in order of first occurrence. An entry's `context` is the strongest of its occurrences
 * (`table` over `prose` over `reference`) and `defanged` is true when any occurrence was defanged.
 */
export type IndicatorSet = Record<IndicatorKind, Indicator[]>;

/** An empty result, one array per kind. */
export function emptyIndicatorSet(): IndicatorSet {
  return {
    ipv4: [],
    ipv6: [],
    domain: [],
    url: [],
    email: [],
    md5: [],
    sha1: [],
    sha256: [],
    cve: [],
    file: [],
    registry: [],
    commandline: [],
  };
}
