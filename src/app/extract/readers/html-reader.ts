/**
 * HTML reader: article text through Mozilla Readability over a linkedom DOM (not the navigation),
 * rendered by html-text.ts; title, publication date and canonical URL from meta tags, JSON-LD and
 * `<time>`. When Readability finds no article, the whole body minus page furniture is used, with a
 * warning.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Issue } from '../../../core/shared/index.js';
import { type DomNode, htmlToText } from './html-text.js';
import { normalisePublished } from './published-date.js';

export interface HtmlDocumentText {
  readonly text: string;
  readonly title?: string;
  readonly published?: string;
  readonly url?: string;
  readonly warnings: readonly Issue[];
}

interface QueryableDocument {
  querySelector(selector: string): (DomNode & { getAttribute(name: string): string | null }) | null;
  querySelectorAll(selector: string): ArrayLike<DomNode & { getAttribute(name: string): string | null }>;
  readonly body: DomNode | null;
  readonly documentElement: DomNode | null;
}

function parse(html: string): QueryableDocument {
  return parseHTML(html).document as unknown as QueryableDocument;
}

function meta(doc: QueryableDocument, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    const el = doc.querySelector(selector);
    const value = el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? el?.getAttribute('href');
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

type JsonLd = Record<string, unknown>;

function jsonLdObjects(doc: QueryableDocument): JsonLd[] {
  const out: JsonLd[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const obj = v as JsonLd;
      out.push(obj);
      if (obj['@graph']) visit(obj['@graph']);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // Broken JSON-LD is common on the web; the other metadata sources still apply.
    }
  }
  return out;
}

function jsonLdString(objects: readonly JsonLd[], key: string): string | undefined {
  for (const obj of objects) {
    const v = obj[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** Title, publication date and canonical URL of an HTML page. */
export function htmlMetadata(doc: QueryableDocument): { title?: string; published?: string; url?: string } {
  const ld = jsonLdObjects(doc);
  const title =
    meta(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="dc.title" i]']) ??
    jsonLdString(ld, 'headline') ??
    (doc.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || undefined);
  const publishedRaw =
    meta(doc, [
      'meta[property="article:published_time"]',
      'meta[name="article:published_time"]',
      'meta[itemprop="datePublished"]',
      'meta[name="pubdate"]',
      'meta[name="publishdate"]',
      'meta[name="citation_publication_date"]',
      'meta[name="dc.date.issued" i]',
      'meta[name="dc.date" i]',
      'meta[name="date"]',
      'meta[name="parsely-pub-date"]',
      'meta[name="sailthru.date"]',
    ]) ??
    jsonLdString(ld, 'datePublished') ??
    meta(doc, ['[itemprop="datePublished"]', 'article time[datetime]', 'time[datetime]']) ??
    doc.querySelector('time')?.textContent ??
    undefined;
  const url = meta(doc, ['link[rel="canonical"]', 'meta[property="og:url"]']);
  const published = normalisePublished(publishedRaw);
  return {
    ...(title ? { title } : {}),
    ...(published ? { published } : {}),
    ...(url && /^https?:\/\//i.test(url) ? { url } : {}),
  };
}

const FURNITURE_SELECTOR =
  'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]';

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Readability sometimes discards tables and code blocks it scores as boilerplate — exactly where IOC
 * appendices and command lines live. Any such block of the page (outside page furniture) whose text
 * the article lacks is appended after it, with a warning.
 */
function restoreDropped(doc: QueryableDocument, text: string, source: string, warnings: Issue[]): string {
  const have = squash(text);
  const restored: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('table, pre'))) {
    const element = el as typeof el & {
      closest(selector: string): unknown;
      parentElement: { closest(selector: string): unknown } | null;
    };
    if (element.closest(FURNITURE_SELECTOR)) continue;
    if (element.parentElement?.closest('table, pre')) continue; // nested: handled with its outer block
    const blockText = htmlToText(el);
    const probe = squash(blockText);
    if (probe.length < 8 || have.includes(probe) || restored.includes(blockText)) continue;
    restored.push(blockText);
  }
  if (restored.length === 0) return text;
  warnings.push({
    code: 'extract.html-restored',
    severity: 'warning',
    message: `${source}: ${restored.length} table/code block${restored.length === 1 ? '' : 's'} left out by Readability appended after the article text`,
    location: { file: source },
  });
  return `${text}\n\n${restored.join('\n\n')}`;
}

/** Minimum article length (characters) below which Readability's pick is distrusted. */
const MIN_ARTICLE_CHARS = 140;

/** Extracts a page's article text and metadata. `source` names the input in warnings. */
export function readHtml(html: string, source: string): HtmlDocumentText {
  const warnings: Issue[] = [];
  const doc = parse(html);
  const metadata = htmlMetadata(doc);
  // Readability mutates the DOM it is given, so it works on its own copy.
  const article = new Readability(
    parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0],
    {
      charThreshold: 250,
    },
  ).parse();
  let text = '';
  if (article?.content) {
    const content = parse(`<!doctype html><html><body>${article.content}</body></html>`);
    text = content.body ? htmlToText(content.body) : '';
  }
  const whole = doc.body ? htmlToText(doc.body, { skipFurniture: true }) : '';
  if (text.length >= MIN_ARTICLE_CHARS) text = restoreDropped(doc, text, source, warnings);
  if (text.length < MIN_ARTICLE_CHARS && whole.trim() !== '') {
    warnings.push({
      code: 'extract.readability-fallback',
      severity: 'warning',
      message: `${source}: no article found by Readability; using the page body without navigation, header and footer`,
      location: { file: source },
    });
    text = whole;
  }
  const title = metadata.title ?? (article?.title?.trim() || undefined);
  const published = metadata.published ?? normalisePublished(article?.publishedTime);
  return {
    text,
    ...(title ? { title } : {}),
    ...(published ? { published } : {}),
    ...(metadata.url ? { url: metadata.url } : {}),
    warnings,
  };
}

/** Text of an HTML fragment (feed item content): no Readability, furniture kept. */
export function htmlFragmentToText(html: string): string {
  const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
  return doc.body ? htmlToText(doc.body) : '';
}
