/**
 * Renders an HTML DOM (linkedom) as plain text the way a reader sees it: block elements on their own
 * lines, paragraphs separated by a blank line, table rows as lines with cells joined by ` | `,
 * `<pre>` content verbatim, whitespace collapsed elsewhere, zero-width characters dropped, and
 * scripts, styles and form controls skipped.
 */

/** Minimal DOM surface used here (linkedom nodes satisfy it). */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'button',
  'select',
  'option',
  'input',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
]);
const PARAGRAPH = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'main',
  'hr',
  'address',
  'details',
  'fieldset',
  'nav',
  'form',
]);
const LINE = new Set(['div', 'li', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'legend', 'center']);
const CELL = new Set(['td', 'th']);
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

class TextBuilder {
  private readonly parts: string[] = [];
  private pendingBreak = 0;
  private atLineStart = true;
  private lastWasSpace = true;
  /** Depth of table cells: inside one, block breaks become spaces so a row stays one line. */
  cellDepth = 0;

  block(lines: number): void {
    if (this.cellDepth > 0) {
      this.inline(' ');
      return;
    }
    this.pendingBreak = Math.max(this.pendingBreak, lines);
  }

  lineBreak(): void {
    if (this.cellDepth > 0) {
      this.inline(' ');
      return;
    }
    this.flushBreak();
    this.parts.push('\n');
    this.atLineStart = true;
    this.lastWasSpace = true;
  }

  private flushBreak(): void {
    if (this.pendingBreak > 0 && this.parts.length > 0) {
      this.trimTrailingSpace();
      this.parts.push('\n'.repeat(this.pendingBreak));
      this.atLineStart = true;
      this.lastWasSpace = true;
    }
    this.pendingBreak = 0;
  }

  private trimTrailingSpace(): void {
    const last = this.parts.length - 1;
    const tail = this.parts[last];
    if (tail?.endsWith(' ')) this.parts[last] = tail.replace(/ +$/, '');
  }

  inline(text: string): void {
    let s = text.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ');
    if (s === '') return;
    // Whitespace next to a block boundary is insignificant (HTML rendering rules).
    if (s === ' ' && (this.atLineStart || this.lastWasSpace || this.pendingBreak > 0)) return;
    this.flushBreak();
    if (this.atLineStart || this.lastWasSpace) s = s.replace(/^ /, '');
    if (s === '') return;
    this.parts.push(s);
    this.atLineStart = false;
    this.lastWasSpace = s.endsWith(' ');
  }

  raw(text: string): void {
    const s = text.replace(/\r\n?/g, '\n').replace(ZERO_WIDTH, '').replace(/^\n/, '').replace(/\s+$/, '');
    if (s === '') return;
    if (this.cellDepth > 0) {
      this.inline(s);
      return;
    }
    this.flushBreak();
    this.parts.push(s);
    this.atLineStart = false;
    this.lastWasSpace = false;
  }

  toString(): string {
    return this.parts
      .join('')
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

export interface HtmlTextOptions {
  /** Also skip page furniture (nav, header, footer, aside, forms, ARIA navigation roles). */
  readonly skipFurniture?: boolean;
}

const FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const FURNITURE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'menu',
  'menubar',
]);

/** Text of a DOM subtree, rendered as described in the module header. */
export function htmlToText(root: DomNode, options: HtmlTextOptions = {}): string {
  const out = new TextBuilder();
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      out.inline(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const name = node.nodeName.toLowerCase();
    if (SKIP.has(name)) return;
    if (node.getAttribute?.('hidden') !== null && node.getAttribute?.('hidden') !== undefined) return;
    if (options.skipFurniture) {
      if (FURNITURE.has(name)) return;
      const role = node.getAttribute?.('role');
      if (role && FURNITURE_ROLES.has(role)) return;
    }
    if (name === 'br') {
      out.lineBreak();
      return;
    }
    if (name === 'pre' || name === 'xmp' || name === 'plaintext') {
      out.block(2);
      out.raw(node.textContent ?? '');
      out.block(2);
      return;
    }
    if (name === 'tr') {
      out.block(1);
      let cell = 0;
      for (const child of Array.from(node.childNodes)) {
        const childName = child.nodeName.toLowerCase();
        if (CELL.has(childName)) {
          if (cell++ > 0) out.inline(' | ');
          out.cellDepth++;
          for (const c of Array.from(child.childNodes)) walk(c);
          out.cellDepth--;
        } else walk(child);
      }
      out.block(1);
      return;
    }
    const breaks = PARAGRAPH.has(name) ? 2 : LINE.has(name) ? 1 : 0;
    if (breaks) out.block(breaks);
    for (const child of Array.from(node.childNodes)) walk(child);
    if (breaks) out.block(breaks);
  };
  walk(root);
  return out.toString();
}
