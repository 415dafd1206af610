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
 * appendices and command lines live. The texts of the page's table/pre blocks outside page furniture
 * are collected before Readability runs (it mutates the DOM).
 */
interface ContentBlock {
  readonly text: string;
  /** Placeholder put in the DOM instead of a large table before Readability runs. */
  readonly token?: string;
}

/** Tables with more rows than this are swapped for a placeholder while Readability scores the page. */
const PLACEHOLDER_ROWS = 20;

function contentBlocks(doc: QueryableDocument): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  for (const el of Array.from(doc.querySelectorAll('table, pre'))) {
    const element = el as typeof el & {
      closest(selector: string): unknown;
      parentElement: { closest(selector: string): unknown } | null;
      querySelectorAll(selector: string): ArrayLike<unknown>;
      replaceWith(node: unknown): void;
      ownerDocument: { createElement(name: string): { textContent: string } };
    };
    if (element.closest(FURNITURE_SELECTOR)) continue;
    if (element.parentElement?.closest('table, pre')) continue; // nested: handled with its outer block
    const text = htmlToText(el);
    if (squash(text).length < 8 || blocks.some((b) => b.text === text)) continue;
    if (
      element.nodeName.toLowerCase() === 'table' &&
      element.querySelectorAll('tr').length > PLACEHOLDER_ROWS
    ) {
      // Readability's scoring is slow on big tables and may drop them; it sees a one-line stand-in.
      const token = `[[stormwatch-table-${blocks.length}]]`;
      const stand = element.ownerDocument.createElement('p');
      stand.textContent = token;
      element.replaceWith(stand);
      blocks.push({ text, token });
    } else blocks.push({ text });
  }
  return blocks;
}

/** Puts placeholder tables back and appends the blocks the article text lacks, with a warning. */
function restoreDropped(
  blocks: readonly ContentBlock[],
  article: string,
  source: string,
  warnings: Issue[],
): string {
  let text = article;
  for (const block of blocks) {
    if (block.token && text.includes(block.token)) text = text.replace(block.token, () => block.text);
  }
  const have = squash(text);
  const restored = blocks.filter((block) => !have.includes(squash(block.text))).map((block) => block.text);
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

/**
 * Pages with more elements than this skip Readability (its scoring is quadratic-ish on linkedom and
 * takes seconds on IOC tables with thousands of rows); the body minus furniture is used instead.
 */
export const MAX_READABILITY_ELEMENTS = 8000;

function bodyWithoutFurniture(doc: QueryableDocument): string {
  return doc.body ? htmlToText(doc.body, { skipFurniture: true }) : '';
}

/** Extracts a page's article text and metadata. `source` names the input in warnings. */
export function readHtml(html: string, source: string): HtmlDocumentText {
  const warnings: Issue[] = [];
  const doc = parse(html);
  const metadata = htmlMetadata(doc);
  const optional = (title: string | undefined, published: string | undefined) => ({
    ...(title ? { title } : {}),
    ...(published ? { published } : {}),
    ...(metadata.url ? { url: metadata.url } : {}),
  });
  const elements = doc.querySelectorAll('*').length;
  if (elements > MAX_READABILITY_ELEMENTS) {
    warnings.push({
      code: 'extract.readability-skipped',
      severity: 'warning',
      message: `${source}: ${elements} HTML elements (over ${MAX_READABILITY_ELEMENTS}); read the page body without navigation, header and footer instead of running Readability`,
      location: { file: source },
    });
    return { text: bodyWithoutFurniture(doc), warnings, ...optional(metadata.title, metadata.published) };
  }
  const blocks = contentBlocks(doc);
  // Readability mutates the DOM it is given; the metadata and blocks above were taken first.
  const article = new Readability(doc as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 250,
  }).parse();
  let text = '';
  if (article?.content) {
    const content = parse(`<!doctype html><html><body>${article.content}</body></html>`);
    text = content.body ? htmlToText(content.body) : '';
  }
  if (text.length >= MIN_ARTICLE_CHARS) {
    text = restoreDropped(blocks, text, source, warnings);
  } else {
    const whole = bodyWithoutFurniture(parse(html));
    if (whole.trim() !== '') {
      warnings.push({
        code: 'extract.readability-fallback',
        severity: 'warning',
        message: `${source}: no article found by Readability; using the page body without navigation, header and footer`,
        location: { file: source },
      });
      text = whole;
    }
  }
  const title = metadata.title ?? (article?.title?.trim() || undefined);
  const published = metadata.published ?? normalisePublished(article?.publishedTime);
  return { text, warnings, ...optional(title, published) };
}

/** Text of an HTML fragment (feed item content): no Readability, furniture kept. */
export function htmlFragmentToText(html: string): string {
  const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
  return doc.body ? htmlToText(doc.body) : '';
}
