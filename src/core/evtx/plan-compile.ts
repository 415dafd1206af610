/**
 * Template definitions compiled into plans. A definition is rendered once *symbolically* — each substitution
 * becomes a slot marker — through the ordinary FlatSink and JsonSink, which yields the output shape with slots
 * in it: for the flat event a list of (key, slot | constant) entries, for JSON a document tree with slots.
 * Templates whose output depends on the values in ways a plan cannot express (text concatenated with a
 * substitution, nested template instances, substituted Data names) are `Unplannable`: the generic walker
 * renders them instead — same output, slower.
 */
import {
  type BinXmlNode,
  NODE_CDATA,
  NODE_CHAR_REF,
  NODE_ELEMENT,
  NODE_ENTITY_REF,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEMPLATE_INSTANCE,
  NODE_TEXT,
  type TemplateDefinition,
} from './binxml-node.js';
import { entityText, type RenderSink } from './binxml-render.js';
import { TYPE_BINXML } from './binxml-tokens.js';
import { FlatSink, type FlatValue, KEY_NUMERIC, KEY_TIME } from './flat-sink.js';
import { type JsonObject, JsonSink } from './json-sink.js';
import type { Builder } from './object-shape.js';
import { Embed, Slot } from './plan-slot.js';
import type { DecodedValue } from './value-decode.js';

/** Thrown while compiling when the template has a shape plans do not cover. */
export class Unplannable extends Error {}

const EMBED_PREFIX = '\u0000embed';

function symbolicWalk(nodes: readonly BinXmlNode[], sink: RenderSink, onEmbed: (slot: Slot) => void): void {
  // Index loops (see fingerprintNodes in plan-cache.ts).
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    switch (node.k) {
      case NODE_ELEMENT: {
        sink.open(node.name);
        for (let j = 0; j < node.attrs.length; j++) {
          const a = node.attrs[j]!;
          const parts = a.value;
          if (parts.length === 1 && parts[0]!.k === NODE_SUBSTITUTION) {
            if (node.name === 'Data' && a.name === 'Name') throw new Unplannable();
            sink.attr(a.name, new Slot(parts[0]!.index, true) as unknown as DecodedValue);
            continue;
          }
          let s = '';
          for (const p of parts) {
            if (p.k === NODE_TEXT) s += p.text;
            else if (p.k === NODE_CHAR_REF) s += String.fromCharCode(p.code);
            else if (p.k === NODE_ENTITY_REF) s += entityText(p.name);
            else throw new Unplannable();
          }
          sink.attr(a.name, s);
        }
        const kids = node.children;
        if (kids.length > 1 && kids.some((k) => k.k === NODE_SUBSTITUTION)) {
          // Text mixed with a substitution concatenates at render time; element-only content is fine.
          if (kids.some((k) => k.k !== NODE_ELEMENT && k.k !== NODE_SUBSTITUTION)) throw new Unplannable();
          if (kids.filter((k) => k.k === NODE_SUBSTITUTION).length > 1) throw new Unplannable();
        }
        symbolicWalk(kids, sink, onEmbed);
        sink.close();
        break;
      }
      case NODE_TEXT:
        sink.text(node.text);
        break;
      case NODE_SUBSTITUTION:
        if (node.valueType === TYPE_BINXML) onEmbed(new Slot(node.index, false));
        else sink.text(new Slot(node.index, false) as unknown as DecodedValue);
        break;
      case NODE_CDATA:
        sink.raw(node.text, '');
        break;
      case NODE_CHAR_REF:
        sink.raw(String.fromCharCode(node.code), '');
        break;
      case NODE_ENTITY_REF:
        sink.raw(entityText(node.name), '');
        break;
      case NODE_PI:
        sink.pi(node.target, node.data);
        break;
      case NODE_TEMPLATE_INSTANCE:
        throw new Unplannable();
    }
  }
}

function containsSlotText(v: unknown): boolean {
  return typeof v === 'string' && v.includes('[object Object]');
}

/** Flat plan entry: constant, slot to decode, list of either, or embedded content rendered in place. */
export const E_CONST = 0;
export const E_SLOT = 1;
export const E_NUMERIC_SLOT = 2;
export const E_LIST = 3;
export const E_EMBED = 4;
/** A slot holding `TimeCreated` (normalised by `flatTime`). */
export const E_TIME_SLOT = 5;

/** One shape for every entry kind keeps the render loop monomorphic. */
export interface FlatEntry {
  readonly kind: number;
  readonly key: string;
  readonly c: FlatValue;
  readonly slot: Slot | undefined;
  readonly list: (Slot | FlatValue)[] | undefined;
  readonly embed: Embed | undefined;
}

function entry(
  kind: number,
  key: string,
  c: FlatValue,
  slot?: Slot,
  list?: (Slot | FlatValue)[],
  embed?: Embed,
): FlatEntry {
  return { kind, key, c, slot, list, embed };
}

export interface FlatPlan {
  readonly entries: FlatEntry[];
  /** Slots rendered as embedded BinXml. */
  readonly embeds: Set<number>;
  /**
   * The key sequence this plan (as the record's top-level template) produced last, and its compiled object
   * constructor: records of one template nearly always yield the same keys, so comparing the keys by identity
   * skips the shape-trie walk (one Map lookup per key).
   */
  shapeKeys: string[] | null;
  shapeBuild: Builder | null;
}

export function compileFlat(t: TemplateDefinition, context: readonly string[]): FlatPlan {
  const sink = new FlatSink(context, true);
  let n = 0;
  const embeds = new Set<number>();
  symbolicWalk(t.root, sink, (slot) => {
    embeds.add(slot.index);
    sink.mark(`${EMBED_PREFIX}${n++}`, new Embed(slot, sink.context()));
  });
  const entries: FlatEntry[] = [];
  for (const [key, v] of Object.entries(sink.event)) {
    if (containsSlotText(key)) throw new Unplannable();
    if ((v as unknown) instanceof Embed)
      entries.push(entry(E_EMBED, key, null, undefined, undefined, v as unknown as Embed));
    else if (v instanceof Slot) {
      // The System fields the sink normalises (numbers, the time) are normalised alike from the values.
      const kind = sink.kindOf(key);
      entries.push(
        entry(kind === KEY_NUMERIC ? E_NUMERIC_SLOT : kind === KEY_TIME ? E_TIME_SLOT : E_SLOT, key, null, v),
      );
    } else if (Array.isArray(v)) entries.push(entry(E_LIST, key, null, undefined, v as (Slot | FlatValue)[]));
    else {
      if (containsSlotText(v)) throw new Unplannable();
      entries.push(entry(E_CONST, key, v));
    }
  }
  return { entries, embeds, shapeKeys: null, shapeBuild: null };
}

export interface JsonPlan {
  readonly tree: JsonObject;
  readonly embeds: Set<number>;
}

export function compileJson(t: TemplateDefinition, container: string | undefined): JsonPlan {
  const sink = new JsonSink(container);
  let n = 0;
  const embeds = new Set<number>();
  symbolicWalk(t.root, sink, (slot) => {
    embeds.add(slot.index);
    const current = sink.current();
    if (current === undefined) throw new Unplannable();
    sink.mark(`${EMBED_PREFIX}${n++}`, new Embed(slot, [current]));
  });
  const tree = container === undefined ? sink.result : sink.containerContent();
  const check = (v: unknown): void => {
    if (containsSlotText(v)) throw new Unplannable();
    if (v && typeof v === 'object' && !(v instanceof Slot) && !(v instanceof Embed)) {
      for (const [k, x] of Object.entries(v)) {
        if (containsSlotText(k)) throw new Unplannable();
        check(x);
      }
    }
  };
  check(tree);
  return { tree, embeds };
}
