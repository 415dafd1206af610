/**
 * `extractIndicators`: one refang pass, then one linear scan per indicator family over the refanged text (URLs,
 * hosts/e-mails/IPv4, IPv6, registry keys, paths, file names, hashes, CVEs, command lines), then per-line context
 * (table, prose, reference), the benign filter, de-duplication and the mapping of spans back to the original text.
 */
import { benignFileName, benignHost, benignIPv4, benignIPv6 } from './benign.js';
import { originalSpan, refang } from './defang.js';
import { isBrandSpelling } from './domain.js';
import { parseIPv4, SPECIAL_PURPOSE_V4 } from './ipv4.js';
import { parseIPv6, SPECIAL_PURPOSE_V6 } from './ipv6.js';
import {
  contactEmailReason,
  isArticleUrl,
  isSocialLink,
  onBylineLine,
  onSourceLine,
  ReferenceContext,
  referenceHostReason,
} from './reference-context.js';
import { type Hit, Scanner } from './scanner.js';
import { isTableLine, LineIndex } from './table-context.js';
import {
  emptyIndicatorSet,
  type Indicator,
  type IndicatorContext,
  type IndicatorKind,
  type IndicatorSet,
  type Span,
} from './types.js';
import type { WarningListMatcher } from './warning-list-matcher.js';

export interface ExtractIndicatorsOptions {
  /** Compiled MISP warninglists (from the catalog); without them only built-in benign rules apply. */
  readonly warningLists?: WarningListMatcher;
  /** Where the document was published: its site is the publisher's own, never an indicator. */
  readonly documentUrl?: string;
  /** Extra legitimate file names (lower case), e.g. LOLBAS binaries from the catalog, marked benign. */
  readonly systemFileNames?: ReadonlySet<string>;
  /**
   * Speed only (the result is the same without it): ascending offsets into `text` that include the start of every
   * command name, e.g. the caller's word tokens whose key is in `COMMAND_FIRST_WORDS` plus every ASCII letter or
   * digit after a non-ASCII character. Used when refanging leaves the text unchanged.
   */
  readonly commandStarts?: readonly number[];
}

const EMPTY_FILE_HASHES = new Set([
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
]);

/** Benign marks that hold even for defanged values: addresses and names that cannot be threat infrastructure. */
const SPECIAL_PURPOSE_NAMES = [...SPECIAL_PURPOSE_V4, ...SPECIAL_PURPOSE_V6];
const ALWAYS_BENIGN: ReadonlySet<string> = new Set([
  ...SPECIAL_PURPOSE_NAMES,
  'limited-broadcast',
  'rfc2606-reserved-name',
  'empty-file',
]);

const CONTEXT_RANK: Record<IndicatorContext, number> = { table: 2, prose: 1, reference: 0 };
const CASE_INSENSITIVE: ReadonlySet<IndicatorKind> = new Set([
  'domain',
  'email',
  'md5',
  'sha1',
  'sha256',
  'ipv6',
]);

/**
 * Extracts every indicator from a document's text. Pure and synchronous; linear in the text length.
 * Benign values are kept with a `benign` mark; citation and publisher material is kept with `context: 'reference'`.
 */
export function extractIndicators(text: string, options: ExtractIndicatorsOptions = {}): IndicatorSet {
  const r = refang(text);
  const t = r.text;
  const scanner = new Scanner(r, {
    ...(options.warningLists ? { warningLists: options.warningLists } : {}),
    ...(options.commandStarts && t === text ? { commandStarts: options.commandStarts } : {}),
  });
  scanner.scanUrls();
  scanner.scanRegistry();
  const exePaths = scanner.scanPaths();
  scanner.scanHosts();
  scanner.scanIPv6();
  scanner.scanFileNames();
  scanner.scanHashes();
  scanner.scanCves();
  const lines = new LineIndex(t);
  scanner.scanCommandLines(lines, exePaths);
  const refs = new ReferenceContext(t, lines, options.documentUrl);

  // Per-line table/prose decision from every hit on the line.
  const byLine = new Map<number, Span[]>();
  const hitLine: number[] = [];
  for (const h of scanner.hits) {
    const l = lines.lineOf(h.start);
    hitLine.push(l);
    let arr = byLine.get(l);
    if (arr === undefined) {
      arr = [];
      byLine.set(l, arr);
    }
    arr.push({ start: h.start, end: h.end });
  }
  const tableLine = new Map<number, boolean>();
  for (const [l, spans] of byLine)
    tableLine.set(l, isTableLine(t, lines.lineStart(l), lines.lineEnd(l), spans));

  const lists = options.warningLists;
  const out = emptyIndicatorSet();
  const index = new Map<string, { kind: IndicatorKind; i: number }>();
  const merged: Record<IndicatorKind, MutableIndicator[]> = emptyIndicatorSet() as unknown as Record<
    IndicatorKind,
    MutableIndicator[]
  >;

  scanner.hits.forEach((h, n) => {
    const orig = originalSpan(r, h.start, h.end);
    const value = h.kind === 'commandline' ? text.slice(orig.start, orig.end) : h.value;
    let context: IndicatorContext = tableLine.get(hitLine[n] ?? 0) ? 'table' : 'prose';
    const reason = h.defanged ? undefined : referenceReason(h, refs, lists);
    if (reason !== undefined) context = 'reference';
    const key = `${h.kind}\u0000${CASE_INSENSITIVE.has(h.kind) ? value.toLowerCase() : value}`;
    const seen = index.get(key);
    if (seen !== undefined) {
      const e = merged[h.kind][seen.i]!;
      e.mentions.push(orig);
      if (h.defanged) e.defanged = true;
      if (CONTEXT_RANK[context] > CONTEXT_RANK[e.context]) {
        e.context = context;
        if (context !== 'reference') delete e.reason;
      }
      return;
    }
    const entry: MutableIndicator = {
      value,
      defanged: h.defanged,
      start: orig.start,
      end: orig.end,
      context,
      mentions: [orig],
      ...(h.port !== undefined ? { port: h.port } : {}),
      ...(h.cidr !== undefined ? { cidr: h.cidr } : {}),
      ...(h.zone !== undefined ? { zone: h.zone } : {}),
      ...(h.path !== undefined ? { path: h.path } : {}),
      ...(reason !== undefined ? { reason } : {}),
      host: h.host,
      ...(h.kind === 'file' && isPublicationDownload(t, h.start, h.value) ? { download: true } : {}),
    };
    index.set(key, { kind: h.kind, i: merged[h.kind].length });
    merged[h.kind].push(entry);
  });

  for (const kind of Object.keys(merged) as IndicatorKind[]) {
    for (const e of merged[kind]) {
      let benign = benignReason(kind, e, lists, options.systemFileNames);
      // A writer defangs what they mean as an indicator: a defanged resolver or listed host stays a threat; only
      // addresses that cannot be on the internet (private, documentation…) and reserved names stay benign.
      if (benign !== undefined && e.defanged && kind !== 'file' && !ALWAYS_BENIGN.has(benign))
        benign = undefined;
      const { host: _host, download: _download, ...rest } = e;
      out[kind].push(benign === undefined ? rest : { ...rest, benign: { list: benign } });
    }
  }
  return out;
}

type MutableIndicator = {
  -readonly [K in keyof Indicator]: Indicator[K];
} & { mentions: Span[]; host: string | undefined; download?: boolean };

/** The publication's own downloadable copy (`AA24-131A.pdf`, `…stix.xml`), named on a "download" line. */
function isPublicationDownload(text: string, at: number, name: string): boolean {
  if (!/\.(?:pdf|xml|json|csv|xlsx|docx)$/i.test(name)) return false;
  const s = text.lastIndexOf('\n', at - 1) + 1;
  let e = text.indexOf('\n', at);
  if (e === -1) e = text.length;
  return /download|pdf version|copy of|\bSTIX\b/i.test(text.slice(s, Math.min(e, s + 400)));
}

/** Why a plainly written URL, domain or e-mail is citation or publisher material, if it is. */
function referenceReason(
  h: Hit,
  refs: ReferenceContext,
  lists: WarningListMatcher | undefined,
): string | undefined {
  if (h.kind !== 'url' && h.kind !== 'domain' && h.kind !== 'email') return undefined;
  const host = h.kind === 'domain' ? h.value : h.host;
  if (h.kind === 'url' && refs.isLinkTarget(h.start)) return 'citation-link';
  if (refs.inReferenceSection(h.start)) return 'references-section';
  if (h.kind === 'url' && refs.onFootnoteLine(h.start)) return 'footnote';
  if (host !== undefined && refs.isPublisherHost(host)) return 'publisher-site';
  if (
    h.kind !== 'email' &&
    host !== undefined &&
    isSocialLink(host, h.kind === 'url' ? h.value : undefined)
  ) {
    return 'social';
  }
  if (h.kind === 'email')
    return contactEmailReason(h.value) ?? (onBylineLine(refs.text, h.start) ? 'author-contact' : undefined);
  if (h.kind === 'url' && host !== undefined) {
    // A plainly written link to a government, press or other well-known site is a citation.
    const known = referenceHostReason(host);
    if (known !== undefined) return known;
    if (lists?.matchUrl(h.value, host) !== undefined) return 'well-known-site';
    const namedHost = parseIPv4(host) === undefined && !host.includes(':');
    if (namedHost && /^https?:\/\//i.test(h.value) && isArticleUrl(h.value)) return 'article-link';
    if (onSourceLine(refs.text, h.start)) return 'source-line';
  }
  return undefined;
}

/** The benign mark of a merged indicator, if any. */
function benignReason(
  kind: IndicatorKind,
  e: MutableIndicator,
  lists: WarningListMatcher | undefined,
  systemFiles: ReadonlySet<string> | undefined,
): string | undefined {
  const plainProse = e.context !== 'table' && !e.defanged;
  switch (kind) {
    case 'ipv4': {
      const ip = parseIPv4(e.value.replace(/\/\d+$/, ''));
      return ip === undefined ? undefined : benignIPv4(ip, lists);
    }
    case 'ipv6': {
      const ip = parseIPv6(e.value.replace(/\/\d+$/, ''));
      return ip === undefined ? undefined : benignIPv6(ip, lists);
    }
    case 'domain': {
      const b = benignHost(e.value, lists, plainProse);
      if (b !== undefined) return b;
      return plainProse && isBrandSpelling(e.value) ? 'brand-name-in-prose' : undefined;
    }
    case 'url': {
      if (e.host === undefined) return undefined;
      const v4 = parseIPv4(e.host);
      if (v4 !== undefined) return benignIPv4(v4, lists);
      const v6 = parseIPv6(e.host);
      if (v6 !== undefined) return benignIPv6(v6, lists);
      const urlHit = lists?.matchUrl(e.value, e.host);
      if (urlHit?.benign) return urlHit.list;
      return benignHost(e.host, lists, false);
    }
    case 'email': {
      const hit = lists?.matchEmail(e.value);
      if (hit?.benign) return hit.list;
      return e.host === undefined ? undefined : benignHost(e.host, undefined, false);
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      if (EMPTY_FILE_HASHES.has(e.value)) return 'empty-file';
      const hit = lists?.matchHash(kind, e.value);
      return hit?.benign ? hit.list : undefined;
    }
    case 'file':
      return benignFileName(e.value, systemFiles, lists) ?? (e.download ? 'publication-download' : undefined);
    default:
      return undefined;
  }
}
