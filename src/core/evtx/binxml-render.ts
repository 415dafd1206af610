/**
 * Instantiation of compiled templates: walks a record's node tree, expanding template instances with
 * their values and embedded BinXml values (0x21) in place, and emits SAX-like events to a sink (JSON, XML
 * or flat event). A per-record node budget and depth limit stop expansion bombs.
 */
import {
  type AttributeNode,
  type BinXmlNode,
  type ElementNode,
  NODE_CDATA,
  NODE_CHAR_REF,
  NODE_ELEMENT,
  NODE_ENTITY_REF,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEMPLATE_INSTANCE,
  NODE_TEXT,
  type TemplateValues,
} from './binxml-node.js';
import { parseBinXml } from './binxml-parser.js';
import { TYPE_ARRAY_FLAG, TYPE_BINXML, TYPE_NULL } from './binxml-tokens.js';
import { evtxError } from './evtx-error.js';
import { valueType } from './template-values.js';
import { type DecodedValue, decodeValue, STYLE_XML, type ValueStyle } from './value-decode.js';
import { xmlCData, xmlCharRef } from './xml-text.js';

/** Receives the rendered document as events; implementations build JSON, XML or a flat event. */
export interface RenderSink {
  readonly style: ValueStyle;
  /** Start of an element; attributes follow before any content. */
  open(name: string): void;
  attr(name: string, value: DecodedValue): void;
  /** Element text (a typed value in the sink's style). */
  text(value: DecodedValue): void;
  /** Text from a char/entity reference or CDATA: its plain text and its literal XML form. */
  raw(text: string, xml: string): void;
  pi(target: string, data: string): void;
  close(): void;
}

/** Walk state for one record. */
export interface RenderState {
  budget: number;
  depth: number;
  readonly maxDepth: number;
  /** File offset of the record, for budget/depth errors. */
  readonly at: number;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Resolves an entity reference name to its character(s); unknown entities stay in `&name;` form. */
export function entityText(name: string): string {
  return ENTITIES[name] ?? `&${name};`;
}

function spend(st: RenderState): void {
  if (--st.budget < 0) {
    throw evtxError(
      'record.too-large',
      'record expands to more nodes than the per-record limit (template/BinXml expansion bomb?)',
      st.at,
      'EventRecord.event',
    );
  }
}

/** Parsed form of embedded BinXml value `i` (cached on the values object). */
function embedded(values: TemplateValues, i: number, st: RenderState): readonly BinXmlNode[] {
  return embeddedNodes(values, i, st.depth);
}

/** Parsed nodes of embedded BinXml value `i` (cached on the values object); `depth` is the current nesting. */
export function embeddedNodes(values: TemplateValues, i: number, depth: number): readonly BinXmlNode[] {
  let cache = values.binxml;
  if (!cache) {
    cache = new Array(values.count);
    values.binxml = cache;
  }
  let nodes = cache[i];
  if (!nodes) {
    nodes = parseBinXml(values.ctx, values.offsets[i]!, values.offsets[i + 1]!, depth + 1);
    cache[i] = nodes;
  }
  return nodes;
}

function attributeValue(
  a: AttributeNode,
  values: TemplateValues | undefined,
  style: ValueStyle,
): DecodedValue | undefined {
  const parts = a.value;
  if (parts.length === 1) {
    const p = parts[0]!;
    if (p.k === NODE_SUBSTITUTION) {
      if (!values || p.index >= values.count) return undefined;
      const t = valueType(values, p.index);
      if (t === TYPE_NULL || t === TYPE_BINXML) return undefined;
      return decodeValue(values, p.index, style);
    }
    if (p.k === NODE_TEXT) return p.text;
  }
  let s = '';
  let any = false;
  for (const p of parts) {
    switch (p.k) {
      case NODE_TEXT:
        s += p.text;
        any = true;
        break;
      case NODE_CHAR_REF:
        s += String.fromCharCode(p.code);
        any = true;
        break;
      case NODE_ENTITY_REF:
        s += entityText(p.name);
        any = true;
        break;
      case NODE_SUBSTITUTION: {
        if (!values || p.index >= values.count) break;
        const t = valueType(values, p.index);
        if (t === TYPE_NULL || t === TYPE_BINXML) break;
        const v = decodeValue(values, p.index, STYLE_XML);
        s += Array.isArray(v) ? v.join(', ') : String(v);
        any = true;
        break;
      }
      default:
        break;
    }
  }
  return any || parts.length === 0 ? s : undefined;
}

/**
 * MS-EVEN6 §2.2.12.2: an element whose content is one array-typed substitution is emitted once per array
 * item (XML only; JSON and the flat event keep the array as one value). Returns false when not applicable.
 */
function repeatArray(node: ElementNode, values: TemplateValues, sink: RenderSink, st: RenderState): boolean {
  const child = node.children[0]!;
  if (child.k !== NODE_SUBSTITUTION || child.index >= values.count) return false;
  const t = valueType(values, child.index);
  if ((t & TYPE_ARRAY_FLAG) === 0 || t === (TYPE_ARRAY_FLAG | TYPE_BINXML)) return false;
  const items = decodeValue(values, child.index, sink.style);
  const list = Array.isArray(items) && items.length > 0 ? items : [null];
  for (const item of list) {
    spend(st);
    sink.open(node.name);
    for (const attr of node.attrs) {
      const v = attributeValue(attr, values, sink.style);
      if (v !== undefined) sink.attr(attr.name, v);
    }
    if (item !== null) sink.text(item);
    sink.close();
  }
  return true;
}

/** Emits `nodes` (with `values` as the current template instance's values) to `sink`. */
export function renderNodes(
  nodes: readonly BinXmlNode[],
  values: TemplateValues | undefined,
  sink: RenderSink,
  st: RenderState,
): void {
  for (let n = 0; n < nodes.length; n++) {
    const node = nodes[n]!;
    switch (node.k) {
      case NODE_ELEMENT: {
        spend(st);
        if (
          sink.style === STYLE_XML &&
          values &&
          node.children.length === 1 &&
          repeatArray(node, values, sink, st)
        )
          break;
        sink.open(node.name);
        const attrs = node.attrs;
        for (let a = 0; a < attrs.length; a++) {
          const attr = attrs[a]!;
          const v = attributeValue(attr, values, sink.style);
          if (v !== undefined) sink.attr(attr.name, v);
        }
        if (node.children.length > 0) renderNodes(node.children, values, sink, st);
        sink.close();
        break;
      }
      case NODE_TEXT:
        sink.text(node.text);
        break;
      case NODE_SUBSTITUTION: {
        if (!values || node.index >= values.count) break;
        const t = valueType(values, node.index);
        if (t === TYPE_NULL) break;
        spend(st);
        if (t === TYPE_BINXML) {
          if (++st.depth > st.maxDepth) {
            throw evtxError('binxml.too-deep', 'embedded BinXml nested too deeply', st.at, 'BinXmlValue');
          }
          renderNodes(embedded(values, node.index, st), undefined, sink, st);
          st.depth--;
        } else {
          sink.text(decodeValue(values, node.index, sink.style));
        }
        break;
      }
      case NODE_TEMPLATE_INSTANCE:
        if (++st.depth > st.maxDepth) {
          throw evtxError(
            'binxml.too-deep',
            'template instances nested too deeply',
            st.at,
            'BinXmlTemplateInstance',
          );
        }
        renderNodes(node.template.root, node.values, sink, st);
        st.depth--;
        break;
      case NODE_CDATA:
        sink.raw(node.text, xmlCData(node.text));
        break;
      case NODE_CHAR_REF:
        sink.raw(String.fromCharCode(node.code), xmlCharRef(node.code));
        break;
      case NODE_ENTITY_REF:
        sink.raw(entityText(node.name), `&${node.name};`);
        break;
      case NODE_PI:
        sink.pi(node.target, node.data);
        break;
    }
  }
}
