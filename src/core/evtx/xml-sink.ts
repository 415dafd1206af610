/**
 * Renders a record as indented XML text in the layout of Event Viewer / evtxexport: two-space indent,
 * `<Empty/>` elements, text elements on one line, attribute values and text escaped (xml-text.ts).
 */
import type { RenderSink } from './binxml-render.js';
import { type DecodedValue, STYLE_XML } from './value-decode.js';
import { escapeXmlAttr, escapeXmlText, xmlChars } from './xml-text.js';

function str(v: DecodedValue): string {
  return Array.isArray(v) ? v.join(', ') : v === null ? '' : String(v);
}

const INDENTS: string[] = [''];
function indent(n: number): string {
  while (INDENTS.length <= n) INDENTS.push(`${INDENTS[INDENTS.length - 1]}  `);
  return INDENTS[n]!;
}

/** XML sink; `out` holds the document after rendering. */
export class XmlSink implements RenderSink {
  readonly style = STYLE_XML;
  out = '';
  private readonly names: string[] = [];
  /** Per open element: 0 = start tag still open, 1 = has text, 2 = has child elements. */
  private readonly states: number[] = [];

  open(name: string): void {
    const depth = this.names.length;
    if (depth > 0) {
      const s = this.states[depth - 1]!;
      if (s === 0) this.out += '>';
      this.states[depth - 1] = 2;
      this.out += `\n${indent(depth)}<${name}`;
    } else {
      this.out += `${this.out === '' ? '' : '\n'}<${name}`;
    }
    this.names.push(name);
    this.states.push(0);
  }

  attr(name: string, value: DecodedValue): void {
    this.out += ` ${name}="${escapeXmlAttr(str(value))}"`;
  }

  private content(xml: string): void {
    const d = this.names.length - 1;
    if (d < 0) return;
    if (this.states[d] === 0) {
      this.out += '>';
      this.states[d] = 1;
    }
    this.out += xml;
  }

  text(value: DecodedValue): void {
    this.content(escapeXmlText(str(value)));
  }

  raw(_text: string, xml: string): void {
    this.content(xml);
  }

  pi(target: string, data: string): void {
    const d = this.names.length;
    if (d > 0 && this.states[d - 1] === 0) this.out += '>';
    if (d > 0) this.states[d - 1] = 2;
    this.out += `${d > 0 || this.out !== '' ? `\n${indent(d)}` : ''}<?${target}${data ? ` ${xmlChars(data)}` : ''}?>`;
  }

  close(): void {
    const name = this.names.pop()!;
    const s = this.states.pop()!;
    if (s === 0) this.out += '/>';
    else if (s === 1) this.out += `</${name}>`;
    else this.out += `\n${indent(this.names.length)}</${name}>`;
  }
}
