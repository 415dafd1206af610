/**
 * Citation and publisher material that looks like indicators but never is: hyperlink targets of Markdown links and
 * footnote lines, everything after a references heading ("References", "Additional Resources", "Sources",
 * "Endnotes"...), social-media profiles, the publisher's own website (from the document URL), contact mailboxes
 * (`press@`, `info@`, `report@cisa.gov`) and government mailboxes. Defanged values are never references: a writer
 * defangs exactly what is dangerous.
 */
import { registrableDomain } from './domain.js';
import type { LineIndex } from './table-context.js';

const REFERENCE_HEADING =
  /^\s*(?:#{1,6}\s*)?(?:\d+\.?\s*)?(?:references?|sources?|additional resources|resources|further reading|endnotes|end notes|footnotes|notes|bibliography|citations|related (?:articles|reading|posts|stories|content|news|links|tags)|see also|read more|more from|links|acknowledg(?:e)?ments?)\s*:?\s*$/i;

const INDICATOR_HEADING =
  /^\s*(?:#{1,6}\s*)?(?:\d+\.?\s*)?(?:(?:appendix\s*[a-z0-9]*\s*[:.-]?\s*)?(?:indicators? of compromise|iocs?|observables|network indicators|host indicators|file indicators|technical indicators|indicators)\b)/i;

const FOOTNOTE_LINE = /^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]|\^|\u2191)\s/;

const SOCIAL_HOSTS = new Set([
  'twitter.com',
  'x.com',
  'facebook.com',
  'fb.com',
  'linkedin.com',
  'instagram.com',
  'youtube.com',
  'youtu.be',
  'reddit.com',
  'tiktok.com',
  'mastodon.social',
  'infosec.exchange',
  'ioc.exchange',
  'threads.net',
  'bsky.app',
  'flipboard.com',
  'pinterest.com',
  'whatsapp.com',
  'feedburner.com',
]);

// Sites reports cite as sources (standards bodies, vulnerability databases, sandboxes, news and security press).
const REFERENCE_HOSTS = new Set([
  'mitre.org',
  'cve.org',
  'first.org',
  'wikipedia.org',
  'microsoft.com',
  'virustotal.com',
  'any.run',
  'hybrid-analysis.com',
  'urlscan.io',
  'shodan.io',
  'censys.io',
  'abuse.ch',
  'bleepingcomputer.com',
  'reuters.com',
  'apnews.com',
  'nytimes.com',
  'wsj.com',
  'washingtonpost.com',
  'bbc.co.uk',
  'bbc.com',
  'theguardian.com',
  'cnn.com',
  'bloomberg.com',
  'ft.com',
  'securityweek.com',
  'thehackernews.com',
  'therecord.media',
  'darkreading.com',
  'zdnet.com',
  'wired.com',
  'arstechnica.com',
  'krebsonsecurity.com',
  'theregister.com',
  'securityaffairs.com',
  'europa.eu',
  'owasp.org',
  'ietf.org',
  'rfc-editor.org',
  'iana.org',
  'w3.org',
]);

/** Why a plainly written host is a citation source rather than an indicator (`government-site`...), if it is. */
export function referenceHostReason(host: string): string | undefined {
  const h = host.toLowerCase();
  if (/(?:^|\.)(?:gov|mil)(?:\.[a-z]{2})?$|(?:^|\.)gc\.ca$|(?:^|\.)gouv\.fr$/.test(h))
    return 'government-site';
  if (REFERENCE_HOSTS.has(registrableDomain(h))) return 'well-known-site';
  return undefined;
}

const CONTACT_LOCAL_PARTS = new Set(
  `info contact contacts press media news newsroom editor editors editorial tips tip support help helpdesk service
  security soc noc abuse cert csirt psirt sirt report reports reporting incident incidents ir privacy legal sales
  marketing webmaster postmaster hostmaster feedback inquiries enquiries hello team jobs careers subscribe
  unsubscribe newsletter research intel threatintel threat-intel cyber cybersecurity advisories vulnerability
  vulnerabilities disclosure responsible-disclosure bugbounty central cywatch ncsc`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** Per-document reference facts computed once: reference sections and the publisher's registrable domain. */
export class ReferenceContext {
  /** Lines (0-based) at or after which a references section runs, paired with where it stops. */
  private readonly sections: { from: number; to: number }[] = [];
  readonly publisherDomain: string | undefined;

  constructor(
    readonly text: string,
    private readonly lines: LineIndex,
    documentUrl: string | undefined,
  ) {
    this.publisherDomain = documentUrl === undefined ? undefined : hostOfUrl(documentUrl);
    let open = -1;
    for (let l = 0; l < lines.count; l++) {
      const start = lines.lineStart(l);
      const end = lines.lineEnd(l);
      if (end - start > 60) continue;
      const line = text.slice(start, end);
      if (REFERENCE_HEADING.test(line)) {
        if (open === -1) open = l + 1;
      } else if (open !== -1 && INDICATOR_HEADING.test(line)) {
        this.sections.push({ from: open, to: l });
        open = -1;
      }
    }
    if (open !== -1) this.sections.push({ from: open, to: lines.count });
  }

  /** True when offset `at` lies in a references section. */
  inReferenceSection(at: number): boolean {
    if (this.sections.length === 0) return false;
    const l = this.lines.lineOf(at);
    return this.sections.some((s) => l >= s.from && l < s.to);
  }

  /** True when [start, end) is the target of a Markdown link `[text](url)` or an angle-bracket autolink. */
  isLinkTarget(start: number): boolean {
    return (
      (this.text[start - 1] === '(' && this.text[start - 2] === ']') ||
      (this.text[start - 1] === '<' && this.text.startsWith('http', start))
    );
  }

  /** True when the line holding `at` is a numbered footnote or citation line. */
  onFootnoteLine(at: number): boolean {
    const l = this.lines.lineOf(at);
    const s = this.lines.lineStart(l);
    return FOOTNOTE_LINE.test(this.text.slice(s, Math.min(s + 12, this.lines.lineEnd(l))));
  }

  /** True when `host` is the publisher's own site (any host under its registrable domain). */
  isPublisherHost(host: string): boolean {
    return this.publisherDomain !== undefined && registrableDomain(host) === this.publisherDomain;
  }
}

/**
 * True for a plainly written article link: a dated path (`/2024/05/…`) or a slug of four or more words
 * (`/china-linked-apt-volt-typhoon.html`). Threat URLs are rarely written so, and then defanged.
 */
export function isArticleUrl(url: string): boolean {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
  return (
    /\/(?:19|20)\d\d\/(?:0?[1-9]|1[0-2])\//.test(path) ||
    /\/[a-z0-9]+(?:-[a-z0-9]+){3,}(?:\.html?|\/|$|\?)/.test(path)
  );
}

/** True when the line holding `at` starts with a source label (`Source:`, `Read more:`, `Via:`…). */
export function onSourceLine(text: string, at: number): boolean {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  return /^\s*(?:sources?|via|read more|more|related|see also|reference|references|link|credit|image credit|photo)\s*:/i.test(
    text.slice(s, Math.min(at, s + 40)),
  );
}

/** True when the line holding `at` is a byline or newsletter line (`Contact the author…`, `Subscribe…`). */
export function onBylineLine(text: string, at: number): boolean {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  let e = text.indexOf('\n', at);
  if (e === -1) e = text.length;
  return /\b(?:the author|author's|reporter|journalist|editor|written by|subscribe|newsletter|press (?:inquiries|contact)|media (?:inquiries|contact)|tips? (?:to|at)|follow (?:me|us|him|her))\b/i.test(
    text.slice(Math.max(s, at - 200), Math.min(e, at + 200)),
  );
}

/** The registrable domain of a URL's host, or `undefined` when the URL has no parseable host. */
export function hostOfUrl(url: string): string | undefined {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/.exec(url);
  return m?.[1] === undefined ? undefined : registrableDomain(m[1]);
}

/** True for social-media hosts and Mastodon-style `/@user` profile URLs. */
export function isSocialLink(host: string, url?: string): boolean {
  const reg = registrableDomain(host);
  if (SOCIAL_HOSTS.has(reg) || SOCIAL_HOSTS.has(host.toLowerCase())) return true;
  return url !== undefined && /^[a-z]+:\/\/[^/]+\/@[A-Za-z0-9_.]+\/?$/i.test(url);
}

/** Why an e-mail address is publisher or contact material rather than a threat indicator, if it is. */
export function contactEmailReason(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (
    /(?:^|\.)(?:gov|mil)(?:\.[a-z]{2})?$/.test(domain) ||
    /(?:^|\.)gc\.ca$|(?:^|\.)europa\.eu$/.test(domain)
  ) {
    return 'government-contact';
  }
  if (CONTACT_LOCAL_PARTS.has(local)) return 'contact-email';
  return undefined;
}
