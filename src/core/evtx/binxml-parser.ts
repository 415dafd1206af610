/**
 * BinXml token stream → node tree (MS-EVEN6 §2.2.12; libyal EVTX format §Binary XML). Handles every
 * token: fragment header, open start element (with/without attributes), close start/empty/end element,
 * value text, attribute, CDATA, char ref, entity ref, PI target/data, template instance, normal and
 * optional substitution and EOF. Template definitions are compiled into trees once per chunk and cached
 * by offset in the ChunkContext; a copy that provably parses like one seen in an earlier chunk reuses its tree
 * (template-cache.ts).
 */

import { type Cursor, enter, fail, nameRef, need, plausibleNameOffset } from './binxml-cursor.js';
import {
  parseCharRef,
  parseEntityRef,
  parsePI,
  parseSubstitution,
  parseValueText,
} from './binxml-leaf-tokens.js';
import {
  type AttributeNode,
  type BinXmlNode,
  type ChunkContext,
  type ElementNode,
  NODE_CDATA,
  NODE_ELEMENT,
  NODE_TEMPLATE_INSTANCE,
  type TemplateDefinition,
  type TemplateInstanceNode,
} from './binxml-node.js';
import {
  TOKEN_ATTRIBUTE,
  TOKEN_CDATA_SECTION,
  TOKEN_CHAR_REF,
  TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT,
  TOKEN_END_ELEMENT,
  TOKEN_ENTITY_REF,
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_PI_TARGET,
  TOKEN_TEMPLATE_INSTANCE,
  TOKEN_VALUE,
} from './binxml-tokens.js';
import { evtxError } from './evtx-error.js';
import { u16, u32 } from './little-endian.js';
import { NameUses } from './name-uses.js';
import { keepTemplate, reuseTemplate } from './template-cache.js';
import { readTemplateValues, valuesEnd } from './template-values.js';
import { utf16 } from './utf16.js';
import { formatGuid } from './value-format.js';

/**
 * Parses a BinXml stream `[start, end)` of the chunk (a record's event data or an embedded BinXml value)
 * into top-level nodes: elements, template instances and PIs, up to the EOF token.
 */
export function parseBinXml(
  ctx: ChunkContext,
  start: number,
  end: number,
  depth = 0,
  names: NameUses | null = null,
): BinXmlNode[] {
  const c: Cursor = { ctx, b: ctx.bytes, pos: start, end: Math.min(end, ctx.bytes.length), depth, names };
  return parseStream(c);
}

/**
 * The template instance an embedded BinXml value `[start, end)` consists of — fragment header, template
 * instance, EOF or end, which is how Windows writes EventData/UserData — or undefined for any other content
 * (then `parseBinXml` is the way, with the same errors: this only takes the steps it would take first). Saves
 * the node list and the per-values cache the general path keeps for the walker.
 */
export function parseSingleInstance(
  ctx: ChunkContext,
  start: number,
  end: number,
  depth: number,
): TemplateInstanceNode | undefined {
  const c: Cursor = {
    ctx,
    b: ctx.bytes,
    pos: start,
    end: Math.min(end, ctx.bytes.length),
    depth,
    names: null,
  };
  if (c.pos < c.end && (c.b[c.pos]! & 0xbf) === TOKEN_FRAGMENT_HEADER) {
    need(c, 4, 'BinXmlFragmentHeader');
    c.pos += 4;
  }
  if (c.pos >= c.end || (c.b[c.pos]! & 0xbf) !== TOKEN_TEMPLATE_INSTANCE) return undefined;
  const node = parseTemplateInstance(c);
  if (c.pos < c.end && (c.b[c.pos]! & 0xbf) !== TOKEN_EOF) return undefined;
  return node;
}

function parseStream(c: Cursor): BinXmlNode[] {
  let out: BinXmlNode[] | undefined;
  while (c.pos < c.end) {
    const tok = c.b[c.pos]!;
    let n: BinXmlNode;
    switch (tok & 0xbf) {
      case TOKEN_EOF:
        c.pos++;
        return out ?? [];
      case TOKEN_FRAGMENT_HEADER:
        need(c, 4, 'BinXmlFragmentHeader');
        c.pos += 4;
        continue;
      case TOKEN_OPEN_START_ELEMENT:
        n = parseElement(c);
        break;
      case TOKEN_TEMPLATE_INSTANCE:
        n = parseTemplateInstance(c);
        break;
      case TOKEN_PI_TARGET:
        n = parsePI(c);
        break;
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION:
        n = parseSubstitution(c);
        break;
      default:
        fail(
          c,
          'binxml.bad-token',
          `unexpected token 0x${tok.toString(16)} at document level`,
          'BinXmlDocument',
        );
    }
    // A record is nearly always one template instance: an exact-size list (see NO_NODES).
    if (out === undefined) out = [n];
    else out.push(n);
  }
  return out ?? [];
}

function parseElement(c: Cursor): ElementNode {
  const at = c.pos;
  const tok = c.b[at]!;
  enter(c, 'BinXmlElement');
  need(c, 11, 'BinXmlElementStart');
  // The dependency identifier is optional (absent in some embedded BinXml): keep the layout whose name
  // offset is plausible.
  let nameAt = at + 7;
  if (
    !plausibleNameOffset(c.b, u32(c.b, at + 7), at + 11, at) &&
    plausibleNameOffset(c.b, u32(c.b, at + 5), at + 9, at)
  ) {
    nameAt = at + 5;
  }
  c.pos = nameAt;
  const name = nameRef(c, 'BinXmlElementStart.name');
  if (c.names !== null) {
    if (nameAt === at + 7) c.names.elementAt(at);
    else c.names.reusable = false; // the rare layout: not worth proving for another copy
  }
  let attrs: AttributeNode[] | undefined;
  if (tok & 0x40) {
    need(c, 4, 'BinXmlAttributeList.size');
    c.pos += 4;
    while (c.pos < c.end && (c.b[c.pos]! & 0xbf) === TOKEN_ATTRIBUTE) {
      c.pos++;
      const attrName = nameRef(c, 'BinXmlAttribute.name');
      const a: AttributeNode = { name: attrName, value: parseCharData(c) };
      if (attrs === undefined) attrs = [a];
      else attrs.push(a);
    }
  }
  need(c, 1, 'BinXmlElementStart.close');
  const close = c.b[c.pos]!;
  let children: readonly BinXmlNode[] = NO_NODES;
  if (close === TOKEN_CLOSE_EMPTY_ELEMENT) {
    c.pos++;
  } else if (close === TOKEN_CLOSE_START_ELEMENT) {
    c.pos++;
    children = parseContent(c);
  } else {
    fail(
      c,
      'binxml.bad-token',
      `expected close start/empty element token, found 0x${close.toString(16)}`,
      'BinXmlElementStart.close',
    );
  }
  c.depth--;
  return { k: NODE_ELEMENT, name, attrs: attrs ?? NO_ATTRS, children };
}

/*
 * Node lists are built from an exact-size literal and grown only past one item: most attribute values and
 * element contents hold a single node, and `[]` + push allocates room for 17 (definitions are parsed in
 * every chunk, so this was most of the parser's garbage). Empty lists share one frozen array.
 */
const NO_NODES: readonly BinXmlNode[] = Object.freeze([]);
const NO_ATTRS: readonly AttributeNode[] = Object.freeze([]);

/** Attribute value: value text, substitutions, char refs and entity refs until another token kind. */
function parseCharData(c: Cursor): readonly BinXmlNode[] {
  let out: BinXmlNode[] | undefined;
  while (c.pos < c.end) {
    const t = c.b[c.pos]! & 0xbf;
    let n: BinXmlNode;
    if (t === TOKEN_VALUE) n = parseValueText(c);
    else if (t === TOKEN_NORMAL_SUBSTITUTION || t === TOKEN_OPTIONAL_SUBSTITUTION) n = parseSubstitution(c);
    else if (t === TOKEN_CHAR_REF) n = parseCharRef(c);
    else if (t === TOKEN_ENTITY_REF) n = parseEntityRef(c);
    else break;
    if (out === undefined) out = [n];
    else out.push(n);
  }
  return out ?? NO_NODES;
}

/** Element content up to and including the end element token. */
function parseContent(c: Cursor): readonly BinXmlNode[] {
  let out: BinXmlNode[] | undefined;
  for (;;) {
    need(c, 1, 'BinXmlContent');
    const t = c.b[c.pos]! & 0xbf;
    let n: BinXmlNode;
    switch (t) {
      case TOKEN_END_ELEMENT:
        c.pos++;
        return out ?? NO_NODES;
      case TOKEN_OPEN_START_ELEMENT:
        n = parseElement(c);
        break;
      case TOKEN_VALUE:
        n = parseValueText(c);
        break;
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION:
        n = parseSubstitution(c);
        break;
      case TOKEN_CDATA_SECTION: {
        need(c, 3, 'BinXmlCDATASection');
        const len = u16(c.b, c.pos + 1);
        c.pos += 3;
        need(c, len * 2, 'BinXmlCDATASection.text');
        n = { k: NODE_CDATA, text: utf16(c.b, c.pos, len) };
        c.pos += len * 2;
        break;
      }
      case TOKEN_CHAR_REF:
        n = parseCharRef(c);
        break;
      case TOKEN_ENTITY_REF:
        n = parseEntityRef(c);
        break;
      case TOKEN_PI_TARGET:
        n = parsePI(c);
        break;
      case TOKEN_TEMPLATE_INSTANCE:
        n = parseTemplateInstance(c);
        break;
      default:
        fail(
          c,
          'binxml.bad-token',
          `unexpected token 0x${c.b[c.pos]!.toString(16)} in element content`,
          'BinXmlContent',
        );
    }
    if (out === undefined) out = [n];
    else out.push(n);
  }
}

function parseTemplateInstance(c: Cursor): TemplateInstanceNode {
  const at = c.pos;
  // A definition holding an instance depends on another definition and on values elsewhere in the chunk.
  if (c.names !== null) c.names.reusable = false;
  need(c, 10, 'BinXmlTemplateInstance');
  const templateId = u32(c.b, at + 2);
  const defOffset = u32(c.b, at + 6);
  c.pos = at + 10;
  enter(c, 'BinXmlTemplateInstance');
  let template: TemplateDefinition;
  if (defOffset === c.pos) {
    need(c, 24, 'BinXmlTemplateDefinition');
    const size = u32(c.b, c.pos + 20);
    need(c, 24 + size, 'BinXmlTemplateDefinition.data');
    template = compileTemplate(c.ctx, defOffset, c.depth, at + 6);
    c.pos += 24 + size;
  } else {
    template = compileTemplate(c.ctx, defOffset, c.depth, at + 6);
  }
  if (c.ctx.carving && templateId !== u32(c.b, defOffset + 4)) {
    fail(
      c,
      'template.id-mismatch',
      `template instance names template 0x${templateId.toString(16).padStart(8, '0')} but the definition at chunk offset ${defOffset} is ${template.guid}`,
      'BinXmlTemplateInstance.templateId',
      at + 2,
    );
  }
  const values = readTemplateValues(c.ctx, c.pos, c.end);
  c.pos = valuesEnd(values);
  c.depth--;
  return { k: NODE_TEMPLATE_INSTANCE, template, values };
}

/**
 * Returns the compiled template whose definition starts at chunk offset `off`, compiling it on first use.
 * A definition that (directly or not) contains itself is rejected instead of recursing forever. `refAt`: chunk
 * offset of the field holding `off` (where an offset outside the chunk is reported).
 */
export function compileTemplate(ctx: ChunkContext, off: number, depth = 0, refAt = off): TemplateDefinition {
  const cached = ctx.templates.get(off);
  if (cached) return cached;
  const where = ctx.fileOffset + off;
  if (cached === null) {
    throw evtxError(
      'template.cycle',
      `template definition at chunk offset ${off} refers to itself`,
      where,
      'BinXmlTemplateDefinition',
    );
  }
  const b = ctx.bytes;
  if (off < 0 || off + 24 > b.length) {
    throw evtxError(
      'template.out-of-range',
      `template definition offset ${off} points outside the chunk`,
      ctx.fileOffset + refAt,
      'BinXmlTemplateInstance.templateDefinitionOffset',
      'the record references a template that is not in this chunk; the record is corrupt',
    );
  }
  const size = u32(b, off + 20);
  if (off + 24 + size > b.length) {
    throw evtxError(
      'template.out-of-range',
      `template definition of ${size} bytes at chunk offset ${off} runs past the chunk`,
      where + 20,
      'BinXmlTemplateDefinition.dataSize',
    );
  }
  const reused = reuseTemplate(ctx, off, size, depth);
  if (reused) {
    ctx.templates.set(off, reused);
    return reused;
  }
  ctx.templates.set(off, null);
  try {
    const names = new NameUses();
    const root = parseBinXml(ctx, off + 24, off + 24 + size, depth, names);
    const def: TemplateDefinition = { offset: off, guid: formatGuid(b, off + 4, false), root };
    ctx.templates.set(off, def);
    keepTemplate(ctx, off, size, def, names);
    return def;
  } catch (e) {
    ctx.templates.delete(off);
    throw e;
  }
}
