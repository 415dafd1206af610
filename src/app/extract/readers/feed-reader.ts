/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom (RFC 4287) feed reader: one document per item/entry with its title,
 * link and date; HTML content goes through the HTML renderer (html-text.ts). A broken item (nothing
 * to read, unreadable content) is a per-item error and the other items are still read.
 */
import { DOMParser } from 'linkedom';
import type { Issue, StormwatchError } from '../../../core/shared/index.js';
import { htmlFragmentToText } from './html-reader.js';
import { normalisePublished } from './published-date.js';
import { readerErrors } from './reader-errors.js';

interface XmlElement {
  readonly localName?: string;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  readonly children: ArrayLike<XmlElement>;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
  toString(): string;
}

export interface FeedItem {
  /** 1-based position in the feed. */
  readonly index: number;
  readonly title?: string;
  readonly url?: string;
  readonly published?: string;
  readonly text: string;
  /** The item's own markup, as serialised (hashed as the item's bytes). */
  readonly raw: string;
  readonly warnings: readonly Issue[];
}

export type FeedItemResult =
  | { readonly ok: true; readonly item: FeedItem }
  | { readonly ok: false; readonly index: number; readonly error: StormwatchError };

export interface Feed {
  readonly kind: 'rss' | 'atom' | 'rdf';
  readonly title?: string;
  readonly items: readonly FeedItemResult[];
}

function name(el: XmlElement): string {
  return el.tagName.toLowerCase();
}

function child(el: XmlElement, names: readonly string[]): XmlElement | undefined {
  for (const wanted of names) {
    for (const c of Array.from(el.children)) if (name(c) === wanted) return c;
  }
  return undefined;
}

function text(el: XmlElement | undefined): string | undefined {
  const t = el?.textContent?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/** True when the text looks like a feed (root element rss, feed or rdf:RDF). */
export function looksLikeFeed(head: string): boolean {
  const start = head
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^>]*>/i, '')
    .trimStart();
  return /^<(rss|feed|rdf:RDF)[\s>]/i.test(start);
}

function atomLink(entry: XmlElement): string | undefined {
  const links = Array.from(entry.children).filter((c) => name(c) === 'link');
  const best = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links[0];
  return best?.getAttribute('href') ?? undefined;
}

function itemBody(el: XmlElement, kind: Feed['kind']): string {
  if (kind === 'atom') {
    const content = child(el, ['content']) ?? child(el, ['summary']);
    if (!content) return '';
    const type = (content.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'xhtml') return htmlFragmentToText(content.innerHTML);
    if (type === 'html' || type === 'text/html') return htmlFragmentToText(content.textContent ?? '');
    return (content.textContent ?? '').trim();
  }
  const content = child(el, ['content:encoded']) ?? child(el, ['description']);
  return content ? htmlFragmentToText(content.textContent ?? '') : '';
}

function readItem(el: XmlElement, index: number, kind: Feed['kind'], source: string): FeedItemResult {
  const itemSource = `${source}#item-${index}`;
  try {
    const warnings: Issue[] = [];
    const titleEl = child(el, ['title']);
    const title =
      titleEl && kind === 'atom' && titleEl.getAttribute('type') === 'html'
        ? htmlFragmentToText(titleEl.textContent ?? '')
        : text(titleEl);
    const url =
      kind === 'atom'
        ? atomLink(el)
        : (text(child(el, ['link'])) ??
          (child(el, ['guid'])?.getAttribute('isPermaLink') !== 'false'
            ? text(child(el, ['guid']))
            : undefined));
    const dateRaw = text(
      child(el, kind === 'atom' ? ['published', 'updated'] : ['pubdate', 'dc:date', 'published', 'updated']),
    );
    const published = normalisePublished(dateRaw);
    if (dateRaw && !published) {
      warnings.push({
        code: 'extract.feed-date',
        severity: 'warning',
        message: `${itemSource}: unreadable date "${dateRaw}"`,
        location: { file: itemSource },
      });
    }
    const body = itemBody(el, kind);
    if (!body && !title)
      return {
        ok: false,
        index,
        error: readerErrors.feedItem(itemSource, 'the item has no title and no content'),
      };
    if (!body) {
      warnings.push({
        code: 'extract.feed-item-no-content',
        severity: 'warning',
        message: `${itemSource}: the item has a title but no content; only the title is read`,
        location: { file: itemSource },
      });
    }
    return {
      ok: true,
      item: {
        index,
        text: body || (title ?? ''),
        raw: el.toString(),
        warnings,
        ...(title ? { title } : {}),
        ...(url && /^https?:\/\//i.test(url) ? { url } : {}),
        ...(published ? { published } : {}),
      },
    };
  } catch (cause) {
    return {
      ok: false,
      index,
      error: readerErrors.feedItem(
        itemSource,
        `unreadable item (${cause instanceof Error ? cause.message : String(cause)})`,
      ),
    };
  }
}

/** Parses a feed. Throws `extract.feed-invalid` when the text is no feed at all. */
export function readFeed(xml: string, source: string): Feed {
  let doc: { documentElement: XmlElement | null };
  try {
    doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as {
      documentElement: XmlElement | null;
    };
  } catch (cause) {
    throw readerErrors.feedInvalid(
      source,
      `not well-formed XML (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  }
  const root = doc.documentElement;
  if (!root) throw readerErrors.feedInvalid(source, 'no root element');
  const rootName = name(root);
  const kind: Feed['kind'] | undefined =
    rootName === 'rss' ? 'rss' : rootName === 'feed' ? 'atom' : rootName === 'rdf:rdf' ? 'rdf' : undefined;
  if (!kind)
    throw readerErrors.feedInvalid(source, `root element <${root.tagName}> is not rss, feed or rdf:RDF`);
  const channel = kind === 'rss' ? child(root, ['channel']) : root;
  if (!channel) throw readerErrors.feedInvalid(source, 'RSS feed without a <channel>');
  const title = text(child(channel, ['title']));
  const elements =
    kind === 'rss'
      ? Array.from(channel.children).filter((c) => name(c) === 'item')
      : kind === 'atom'
        ? Array.from(root.children).filter((c) => name(c) === 'entry')
        : Array.from(root.children).filter((c) => name(c) === 'item');
  if (elements.length === 0)
    throw readerErrors.feedInvalid(
      source,
      `the ${kind === 'atom' ? 'Atom feed has no <entry>' : 'feed has no <item>'}`,
    );
  return {
    kind,
    ...(title ? { title } : {}),
    items: elements.map((el, i) => readItem(el, i + 1, kind, source)),
  };
}
