/**
 * The scanners of `extractIndicators`: one linear pass per indicator family over the refanged text, each anchored on
 * characters that are rare in prose (`://`, `.`/`@` between token characters, `:`, `\\`, `:\\`, a known extension,
 * hex runs found by a skip scan, command names). Spans taken by a stronger reading (a URL, e-mail, path or registry
 * key) are claimed so that later scanners do not report their parts again.
 */
import { ClaimedSpans } from './claimed-spans.js';
import {
  COMMAND_START_ANY_CASE,
  commandNameSpans,
  commandNameSpansAt,
  EXE_SUFFIX,
  exeNameStart,
  isCmdletSpelling,
  isEnglishCommand,
  LINE_HEAD,
  mayStartWithEnglishCommand,
  readCommandLine,
} from './command-line.js';
import { CVE_PATTERN_ANY_CASE, normaliseCve } from './cve.js';
import { isDefanged, type RefangedText } from './defang.js';
import { classifyHost } from './domain.js';
import { AMBIGUOUS_EXTENSIONS } from './file-extensions.js';
import { EXTENSION_PATTERN, readFileName } from './file-name.js';
import { pathStarts, readPath } from './file-path.js';
import { hashKind, hexRuns, isNonFileDigest } from './hashes.js';
import { isVersionContext, parseIPv4 } from './ipv4.js';
import { parseIPv6 } from './ipv6.js';
import { readRegistryKey, registryStarts } from './registry-key.js';
import type { LineIndex } from './table-context.js';
import type { IndicatorKind } from './types.js';
import { PATH_CHARS, trimUrl, urlCandidates, urlHost } from './url.js';
import type { WarningListMatcher } from './warning-list-matcher.js';

/** A raw finding in refanged coordinates, before context, benign marks and de-duplication. */
export interface Hit {
  readonly kind: IndicatorKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly defanged: boolean;
  readonly port?: number;
  readonly cidr?: number;
  readonly zone?: string;
  readonly path?: string;
  /** Host of a URL or the domain of an e-mail, for reference and benign rules. */
  readonly host?: string;
}

// Hosts, e-mails and IPv4 are found from their `.` or `@` between token characters, then read both ways.
const HOST_ANCHOR = /[.@](?<=[A-Za-z0-9_+-][.@])(?=[A-Za-z0-9_+-])/g;
// IPv6 candidates are found from a `:` followed by a hex digit or another `:`.
const IPV6_ANCHOR = /:(?=[0-9A-Fa-f:])/g;

/** Lookup tables by char code (ASCII) for the token scanners. */
function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}
const HOST_CHARS = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-@+');
const IPV6_CHARS = charTable('ABCDEFabcdef0123456789:.');
const WORD_CHARS = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-%');
const ALNUM = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_');
const COMMAND_BEFORE = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.\\/-');
const EMAIL_LOCAL = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*$/;
const MAX_TOKEN = 2048;

/** Reads `:port` or `/cidr` written right after an address ending at `end`. */
function readSuffix(
  text: string,
  end: number,
  maxBits: number,
): { port?: number; cidr?: number; next: number } {
  const c = text[end];
  if (c === ':' || c === '/') {
    let k = end + 1;
    while (k < text.length && k - end <= 6 && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39) k++;
    const digits = text.slice(end + 1, k);
    if (digits.length > 0 && !/[A-Za-z0-9_]/.test(text[k] ?? '')) {
      const n = Number(digits);
      if (c === ':' && n <= 65535 && digits.length <= 5) return { port: n, next: k };
      if (c === '/' && n <= maxBits && digits.length <= 3 && text[k] !== '/') return { cidr: n, next: k };
    }
  }
  return { next: end };
}

/** Reads a scheme-less URL path after a host ending at `end` (`host/path`); returns its end or `end`. */
function readSchemelessPath(text: string, end: number): number {
  if (text[end] !== '/' || !/[A-Za-z0-9_~%.-]/.test(text[end + 1] ?? '')) return end;
  let k = end + 1;
  while (k < text.length && k - end < MAX_TOKEN && PATH_CHARS.test(text[k] ?? '')) k++;
  return trimUrl(text, end, k);
}

/** Runs the scanners over one refanged text, collecting raw hits in scan order. */
export class Scanner {
  readonly hits: Hit[] = [];
  private readonly claimed = new ClaimedSpans();
  private readonly urlSpans = new ClaimedSpans();

  constructor(
    private readonly r: RefangedText,
    private readonly opts: {
      readonly warningLists?: WarningListMatcher | undefined;
      /** Offsets including every command name's start (see `ExtractIndicatorsOptions.commandStarts`). */
      readonly commandStarts?: readonly number[];
    },
  ) {}

  private get text(): string {
    return this.r.text;
  }

  /** The text lower-cased, when lower-casing keeps every offset (it does unless rare Unicode letters occur). */
  private lower(): string | undefined {
    const l = this.text.toLowerCase();
    return l.length === this.text.length ? l : undefined;
  }

  private defanged(s: number, e: number): boolean {
    return isDefanged(this.r, s, e);
  }

  /** A URL without a scheme (`host/path`, the host an address or a domain) at `s`–`end`. */
  private schemelessUrl(s: number, end: number, host: string): void {
    this.claimed.claim(s, end);
    this.hits.push({
      kind: 'url',
      value: this.text.slice(s, end),
      start: s,
      end,
      defanged: this.defanged(s, end),
      host,
    });
  }

  scanUrls(): void {
    const t = this.text;
    const candidates = urlCandidates(t);
    let resume: number | undefined;
    for (let n = candidates.next(); !n.done; n = candidates.next(resume)) {
      const [s, rawEnd] = n.value;
      const e = trimUrl(t, s, rawEnd);
      resume = e;
      const value = t.slice(s, e);
      const parts = urlHost(value);
      if (parts === undefined) continue;
      this.claimed.claim(s, e);
      this.urlSpans.claim(s, e);
      this.hits.push({
        kind: 'url',
        value,
        start: s,
        end: e,
        defanged: this.defanged(s, e),
        host: parts.host,
      });
    }
  }

  scanHosts(): void {
    const t = this.text;
    const lists = this.opts.warningLists;
    HOST_ANCHOR.lastIndex = 0;
    for (let m = HOST_ANCHOR.exec(t); m !== null; m = HOST_ANCHOR.exec(t)) {
      let s = m.index;
      let e = s + 1;
      while (s > 0 && HOST_CHARS[t.charCodeAt(s - 1)] === 1) s--;
      while (e < t.length && HOST_CHARS[t.charCodeAt(e)] === 1) e++;
      HOST_ANCHOR.lastIndex = e;
      if (e - s > MAX_TOKEN) continue;
      while (s < e && '.-_+@'.includes(t[s] ?? '')) s++;
      while (e > s && '.-_+@'.includes(t[e - 1] ?? '')) e--;
      if (e - s < 3 || this.claimed.overlaps(s, e)) continue;
      const token = t.slice(s, e);
      const defanged = this.defanged(s, e);
      const at = token.indexOf('@');
      if (at !== -1) {
        if (token.indexOf('@', at + 1) !== -1) continue;
        // `@user@instance.social` is a fediverse handle, not an e-mail address.
        if (t[s - 1] === '@') continue;
        const local = token.slice(0, at);
        const domain = token.slice(at + 1);
        if (!EMAIL_LOCAL.test(local) || local.length > 64) continue;
        if (classifyHost(domain, true).kind === 'none' || !domain.includes('.')) continue;
        if (!defanged && domain !== domain.toLowerCase() && domain !== domain.toUpperCase()) {
          // Mixed-case domains in plain text are usually glued words, but e-mail domains are rarely mixed: keep.
        }
        this.claimed.claim(s, e);
        this.hits.push({
          kind: 'email',
          value: token,
          start: s,
          end: e,
          defanged,
          host: domain.toLowerCase(),
        });
        continue;
      }
      if (/^[0-9.]+$/.test(token)) {
        const ip = parseIPv4(token);
        if (ip === undefined || t[s - 1] === '+' || isVersionContext(t, s)) continue;
        // `4.2.1.8` written plainly is a product version far more often than an address.
        if (/^\d\.\d\.\d\.\d$/.test(token) && !defanged) continue;
        const suffix = readSuffix(t, e, 32);
        const path = suffix.cidr === undefined ? readSchemelessPath(t, e) : e;
        if (path > e) {
          this.schemelessUrl(s, path, token);
          continue;
        }
        // A network (`10.0.0.0/8`) keeps its prefix in the value, as STIX ipv4-addr does.
        this.hits.push({
          kind: 'ipv4',
          value: suffix.cidr === undefined ? token : `${token}/${suffix.cidr}`,
          start: s,
          end: suffix.cidr === undefined ? e : suffix.next,
          defanged,
          ...(suffix.port !== undefined ? { port: suffix.port } : {}),
          ...(suffix.cidr !== undefined ? { cidr: suffix.cidr } : {}),
        });
        continue;
      }
      const verdict = classifyHost(token, defanged);
      if (verdict.kind === 'none') continue;
      if (verdict.kind === 'file-like') {
        // `transfer.sh`: a well-known site whose TLD is also an extension is a host; otherwise a file name.
        if (lists?.matchHostname(token) === undefined) continue;
      }
      const path = readSchemelessPath(t, e);
      if (path > e) {
        this.schemelessUrl(s, path, token);
        continue;
      }
      this.claimed.claim(s, e);
      const suffix = readSuffix(t, e, -1);
      this.hits.push({
        kind: 'domain',
        value: token,
        start: s,
        end: e,
        defanged,
        ...(suffix.port !== undefined ? { port: suffix.port } : {}),
      });
    }
  }

  scanIPv6(): void {
    const t = this.text;
    IPV6_ANCHOR.lastIndex = 0;
    for (let m = IPV6_ANCHOR.exec(t); m !== null; m = IPV6_ANCHOR.exec(t)) {
      let s = m.index;
      let e = s + 1;
      while (s > 0 && IPV6_CHARS[t.charCodeAt(s - 1)] === 1) s--;
      while (e < t.length && IPV6_CHARS[t.charCodeAt(e)] === 1) e++;
      if (t[e] === '%') {
        let z = e + 1;
        while (z < t.length && z - e <= 33 && WORD_CHARS[t.charCodeAt(z)] === 1) z++;
        if (z > e + 1) e = z;
      }
      IPV6_ANCHOR.lastIndex = e;
      while (s < e && t[s] === '.') s++;
      if (e - s > 90 || WORD_CHARS[t.charCodeAt(s - 1)] === 1) continue;
      let raw = t.slice(s, e);
      let zone: string | undefined;
      const pct = raw.indexOf('%');
      if (pct !== -1) {
        zone = raw.slice(pct + 1);
        raw = raw.slice(0, pct);
      }
      while (raw.endsWith('.') || (raw.endsWith(':') && !raw.endsWith('::'))) {
        raw = raw.slice(0, -1);
        if (zone === undefined) e--;
      }
      if (/[0-9A-Za-z]/.test(t[e] ?? '')) continue;
      const groups = raw.split(':').filter((g) => g !== '').length;
      if (groups < 2 || (groups < 8 && !raw.includes('::'))) continue;
      const ip = parseIPv6(raw);
      if (ip === undefined || this.claimed.overlaps(s, e)) continue;
      let port: number | undefined;
      if (t[s - 1] === '[' && t[e] === ']') {
        const suffix = readSuffix(t, e + 1, -1);
        port = suffix.port;
      }
      const suffix = port === undefined && zone === undefined ? readSuffix(t, e, 128) : { next: e };
      this.hits.push({
        kind: 'ipv6',
        value: 'cidr' in suffix && suffix.cidr !== undefined ? `${raw}/${suffix.cidr}` : raw,
        start: s,
        end: 'cidr' in suffix && suffix.cidr !== undefined ? suffix.next : e,
        defanged: this.defanged(s, e),
        ...(port !== undefined ? { port } : {}),
        ...('cidr' in suffix && suffix.cidr !== undefined ? { cidr: suffix.cidr } : {}),
        ...(zone !== undefined ? { zone } : {}),
      });
    }
  }

  scanRegistry(): void {
    const t = this.text;
    const starts = registryStarts(t);
    let resume: number | undefined;
    for (let n = starts.next(); !n.done; n = starts.next(resume)) {
      resume = undefined;
      const reg = readRegistryKey(t, n.value.start, n.value.prefixEnd);
      if (reg === undefined || this.claimed.overlaps(reg.start, reg.end)) continue;
      resume = reg.end;
      this.claimed.claim(reg.start, reg.end);
      this.hits.push({ kind: 'registry', value: reg.key, start: reg.start, end: reg.end, defanged: false });
    }
  }

  scanPaths(): { start: number; end: number }[] {
    const t = this.text;
    const exePaths: { start: number; end: number }[] = [];
    const starts = pathStarts(t);
    let resume: number | undefined;
    for (let n = starts.next(); !n.done; n = starts.next(resume)) {
      resume = undefined;
      const p = readPath(t, n.value.start, n.value.prefixEnd);
      if (p === undefined) continue;
      resume = p.end;
      if (this.claimed.overlaps(p.start, p.end)) continue;
      this.claimed.claim(p.start, p.end);
      if (p.fileName === undefined) continue;
      this.hits.push({
        kind: 'file',
        value: p.fileName,
        start: p.start,
        end: p.end,
        defanged: false,
        path: p.path,
      });
      if (/\.exe$/i.test(p.fileName)) exePaths.push({ start: p.start, end: p.end });
    }
    return exePaths;
  }

  scanFileNames(): void {
    const t = this.text;
    EXTENSION_PATTERN.lastIndex = 0;
    for (let m = EXTENSION_PATTERN.exec(t); m !== null; m = EXTENSION_PATTERN.exec(t)) {
      const f = readFileName(t, m.index, m.index + m[0].length);
      if (f === undefined) continue;
      EXTENSION_PATTERN.lastIndex = Math.max(EXTENSION_PATTERN.lastIndex, f.end);
      if (this.claimed.overlaps(f.start, f.end)) continue;
      const defanged = this.defanged(f.start, f.end);
      if (defanged && AMBIGUOUS_EXTENSIONS.has(f.ext)) continue;
      this.claimed.claim(f.start, f.end);
      this.hits.push({ kind: 'file', value: f.name, start: f.start, end: f.end, defanged });
    }
  }

  scanHashes(): void {
    const t = this.text;
    for (const [s, e] of hexRuns(t, 32)) {
      // A hex run glued to word characters (`0x…`, part of a longer token) is not a hash.
      if (ALNUM[t.charCodeAt(s - 1)] === 1 || ALNUM[t.charCodeAt(e)] === 1) continue;
      const hex = t.slice(s, e);
      const kind = hashKind(hex);
      if (kind === undefined) continue;
      if (this.urlSpans.overlaps(s, e) || isNonFileDigest(t, s)) continue;
      // All-digit runs are numbers (phone, serial, timestamps), not hashes.
      if (/^\d+$/.test(hex)) continue;
      this.hits.push({ kind, value: hex.toLowerCase(), start: s, end: e, defanged: false });
    }
  }

  scanCves(): void {
    const t = this.text;
    // Case-insensitive over the text itself: no letter outside ASCII lower-cases to `c`, `v` or `e`, so this finds
    // what the pattern finds over a lower-cased copy, without making one.
    const re = CVE_PATTERN_ANY_CASE;
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      if (ALNUM[t.charCodeAt(m.index - 1)] === 1) continue;
      const value = normaliseCve(m[1] ?? '', m[2] ?? '');
      if (value === undefined) continue;
      this.hits.push({ kind: 'cve', value, start: m.index, end: m.index + m[0].length, defanged: false });
    }
  }

  scanCommandLines(lines: LineIndex, exePaths: readonly { start: number; end: number }[]): void {
    const t = this.text;
    const starts: { start: number; nameEnd: number }[] = exePaths.map((p) => ({
      start: p.start,
      nameEnd: p.end,
    }));
    // Command names are matched ignoring case in the text itself; only the Kelvin sign (U+212A) lower-cases to an
    // ASCII letter (`k`), so a text holding one is read lower-cased, as it always was.
    const lower = t.includes('\u212a') ? this.lower() : t;
    const hint = this.opts.commandStarts;
    const names =
      lower === undefined ? [] : lower === t && hint ? commandNameSpansAt(t, hint) : commandNameSpans(lower);
    if (lower === undefined) {
      COMMAND_START_ANY_CASE.lastIndex = 0;
      for (let m = COMMAND_START_ANY_CASE.exec(t); m !== null; m = COMMAND_START_ANY_CASE.exec(t))
        names.push(m.index, m.index + m[0].length);
    }
    for (let k = 0; k < names.length; k += 2) {
      const s = names[k] as number;
      const e = names[k + 1] as number;
      if (COMMAND_BEFORE[t.charCodeAt(s - 1)] === 1) continue;
      if (!isCmdletSpelling(t.slice(s, e))) continue;
      if (this.urlSpans.overlaps(s, e)) continue;
      starts.push({ start: s, nameEnd: e });
    }
    // Any `name.exe` followed by arguments.
    EXE_SUFFIX.lastIndex = 0;
    for (let m = EXE_SUFFIX.exec(t); m !== null; m = EXE_SUFFIX.exec(t)) {
      const s = exeNameStart(t, m.index);
      if (s === -1 || COMMAND_BEFORE[t.charCodeAt(s - 1)] === 1 || this.urlSpans.overlaps(s, m.index + 4))
        continue;
      starts.push({ start: s, nameEnd: m.index + 4 });
    }
    // Commands named by English words (`net`, `reg`, `sc`) only where a line starts with them.
    for (let l = 0; l < lines.count; l++) {
      const ls = lines.lineStart(l);
      let k = ls;
      while (t.charCodeAt(k) === 0x20 || t.charCodeAt(k) === 0x09) k++;
      if (k >= t.length || !mayStartWithEnglishCommand(t.charCodeAt(k))) continue;
      LINE_HEAD.lastIndex = ls;
      const m = LINE_HEAD.exec(t);
      if (m === null || !isEnglishCommand(m[1] ?? '')) continue;
      const nameEnd = m.index + m[0].length;
      starts.push({ start: nameEnd - (m[0].length - m[0].indexOf(m[1] ?? '')), nameEnd });
    }
    starts.sort((a, b) => a.start - b.start);
    let coveredTo = -1;
    for (const c of starts) {
      if (c.start < coveredTo) continue;
      const lineStart = lines.lineStart(lines.lineOf(c.start));
      const cmd = readCommandLine(t, c.start, c.nameEnd, lineStart);
      if ('rejected' in cmd) {
        coveredTo = Math.max(coveredTo, cmd.scannedTo);
        continue;
      }
      coveredTo = cmd.end;
      this.hits.push({ kind: 'commandline', value: '', start: cmd.start, end: cmd.end, defanged: false });
    }
  }
}
