/**
 * Document metadata: title (the reader's, else the first heading-like line), publication date (the reader's, else
 * a dateline near the top: "Published: …", "March 3, 2024", "2024-03-03"), and the document type — a rule-based
 * classifier over cue phrases: advisories ("Cybersecurity Advisory", "AA23-059A", "Mitigations", TLP marks),
 * vendor reports ("Executive Summary", "Indicators of Compromise", "customers … protected"), official statements
 * (press releases, fact sheets, indictments; a law-enforcement case narrative without reported speech), rebuttals
 * (a state's own voice rejecting an accusation) and news (reported speech, relaying verbs, bylines). `unknown` when no class has evidence.
 */

export type DocType = 'news' | 'advisory' | 'vendor-report' | 'official-statement' | 'rebuttal' | 'unknown';

export interface DocumentMetadata {
  readonly title: string;
  readonly doc_type: DocType;
  readonly published: string | null;
}

export interface DocumentHints {
  readonly title?: string;
  readonly published?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3))) + 1;
}

/** The first date in `text` written as ISO, "March 3, 2024" or "3 March 2024". */
export function findDate(text: string): string | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  const mdy = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  const dmy = new RegExp(`\\b(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})\\b`, 'i').exec(text);
  const cands: { at: number; v: string | null }[] = [];
  if (iso) cands.push({ at: iso.index, v: validDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) });
  if (mdy)
    cands.push({ at: mdy.index, v: validDate(Number(mdy[3]), monthIndex(mdy[1] as string), Number(mdy[2])) });
  if (dmy)
    cands.push({ at: dmy.index, v: validDate(Number(dmy[3]), monthIndex(dmy[2] as string), Number(dmy[1])) });
  cands.sort((a, b) => a.at - b.at);
  return cands.find((c) => c.v !== null)?.v ?? null;
}

/**
 * The publication date written in the document: a labelled date ("Published: …", "Posted on …", "Release Date:")
 * in the first 3000 characters, else a date standing alone on one of the first lines (a dateline). Dates inside
 * sentences are events, not publication dates.
 */
export function publishedDate(text: string): string | null {
  const head = text.slice(0, 3000);
  const label =
    /\b(?:published|posted|release date|released|last (?:updated|revised)|updated|date)\b\s*(?:on|:)?\s*([^\n]{0,40})/gi;
  for (let m = label.exec(head); m !== null; m = label.exec(head)) {
    const d = findDate(m[1] ?? '');
    if (d) return d;
  }
  const lines = text.slice(0, 800).split('\n').slice(0, 8);
  for (const line of lines) {
    const t = line.trim();
    if (t.length > 0 && t.length <= 60) {
      const d = findDate(t);
      if (d) return d;
    }
  }
  return null;
}

/** Title: the first non-empty line, cut at a scraped rule ("———") and at 200 characters. */
export function findTitle(text: string): string {
  // Line by line up to the first non-empty one (not the whole text split into lines).
  for (let from = 0; from <= text.length; ) {
    const nl = text.indexOf('\n', from);
    const to = nl < 0 ? text.length : nl;
    let line = text.slice(from, to).trim();
    from = to + 1;
    if (line.length === 0) continue;
    line = line.split(/[—–_=-]{4,}/)[0]?.trim() ?? line;
    line = line.replace(/^#+\s*/, '').replace(/\*\*/g, '');
    if (line.length > 200) {
      const cut = line.slice(0, 200);
      const stop = cut.search(/[.!?](?:\s|$)/);
      line = stop > 20 ? cut.slice(0, stop) : cut;
    }
    return line.replace(/[.]\s*$/, '');
  }
  return '';
}

const ADVISORY =
  /\b(?:cybersecurity advisory|joint (?:cybersecurity )?advisory|AA\d{2}-\d{3}[A-Z]?|TLP:\s*(?:CLEAR|WHITE|GREEN|AMBER)|mitigations\b|recommendations for network defenders|red team assessment|CISA (?:and|red team)|alert \(?[A-Z]{2}\d{2})/gi;
const VENDOR =
  /\b(?:executive summary|indicators of compromise|iocs?\b|tactics, techniques,? and procedures|customers (?:receive|are) protect\w*|our (?:researchers|telemetry|analysis)|we (?:observed|assess|identified|saw)|threat research|unit 42|conclusion\b|appendix)/gi;
const OFFICIAL =
  /\b(?:press release|fact sheet|indictment|indicted|charged with|U\.S\. Attorney|Department of Justice|Justice Department announced|sentenced|plea agreement|for immediate release|ministry of foreign affairs spokesperson|regular press conference)\b/gi;
const REBUTTAL =
  /\b(?:rebut\w*|refut\w*|fabricat\w*|smear\w*|(?:US|U\.S\.|American) lie|disinformation campaign|so-called|groundless|slander\w*|hyped up|exposes? (?:the )?(?:US|U\.S\.|American))\b/gi;
/**
 * Law-enforcement narrative: how prosecutors' and police fact sheets describe a case ("the criminal enterprise",
 * "investigators have observed", "co-conspirators") even when the letterhead did not survive the text conversion.
 */
const LAW_ENFORCEMENT =
  /\b(?:criminal (?:enterprise|organi[sz]ation|scheme)|(?:hacking|fraud|criminal|laundering) schemes?|investigators|co-conspirators?|defendants?|conspiracy|conspired|unsuspecting (?:victims|cardholders|customers)|wire fraud|extradit\w+|arrested|prosecut\w+)\b/gi;
/**
 * News: reported speech and relaying verbs (a third party telling what an institution said or did: "the FBI has
 * urged", "sounded the alarm", "warned"), bylines and outlet furniture.
 */
const NEWS =
  /\b(?:said|says|according to|reported|reportedly|told|announced|(?:staff )?writer|journalist|(?:has|have) (?:urged|warned|called for|confirmed|revealed|disclosed)|urged|warned|sounded the alarm|(?:issued|released) an? (?:alert|advisory|warning|statement)|in a statement|spokes(?:person|man|woman)|(?:written|reported) by|correspondent|editor)\b/gi;

/** Matches of `re` in `text`, counted up to `cap` (the classifier needs no more). */
function count(re: RegExp, text: string, cap = 8): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(text) !== null) n++;
  return n;
}

/** Classifies a document. */
export function classifyDocument(text: string, title: string): DocType {
  // Each count is taken only when the decision reaches it (the regular expressions are the costly part).
  const head = text.slice(0, 4000);
  const rebuttal = count(REBUTTAL, title) * 3 + count(REBUTTAL, head);
  if (rebuttal >= 3) return 'rebuttal';
  const advisory = count(ADVISORY, text.slice(0, 20000));
  const vendor = count(VENDOR, text.slice(0, 40000));
  if (advisory >= 3 && advisory >= vendor / 2) return 'advisory';
  if (vendor >= 4) return 'vendor-report';
  const official = count(OFFICIAL, head);
  if (official >= 2) return 'official-statement';
  const news = count(NEWS, head);
  // A case narrative without reported speech is the authority's own statement; with it, a story about the case.
  if (news === 0 && official + count(LAW_ENFORCEMENT, text.slice(0, 12000)) >= 3) return 'official-statement';
  if (news >= 1) return 'news';
  if (advisory >= 1) return 'advisory';
  return 'unknown';
}

/** Title, type and date of a document. */
export function documentMetadata(text: string, hints: DocumentHints = {}): DocumentMetadata {
  const title = hints.title?.trim() || findTitle(text);
  const published = hints.published ?? publishedDate(text);
  return { title, doc_type: classifyDocument(text, title), published };
}
