/**
 * Templates compiled into fast renderers. A template definition is rendered once *symbolically* — each
 * substitution becomes a slot marker — through the ordinary FlatSink and JsonSink, which yields the output
 * shape with slots in it: for the flat event a list of (key, slot | constant) entries, for JSON a document
 * tree with slots. Each record then only decodes its values into that shape, with no token walk, no sink
 * events and no per-element frames. Templates whose output depends on the values in ways the plan cannot
 * express (text concatenated with a substitution, nested template instances, substituted Data names,
 * embedded BinXml values) are rendered by the generic walker instead — same output, slower.
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
  type TemplateInstanceNode,
  type TemplateValues,
} from './binxml-node.js';
import { embeddedNodes, entityText, type RenderSink } from './binxml-render.js';
import { TYPE_BINXML, TYPE_NULL } from './binxml-tokens.js';
import { evtxError } from './evtx-error.js';
import { type FlatEvent, FlatSink, type FlatValue } from './flat-sink.js';
import { type JsonObject, JsonSink, type JsonValue } from './json-sink.js';
import { keyPrefix, valueText } from './json-text.js';
import { type DecodedValue, decodeValue, STYLE_FLAT, STYLE_JSON } from './value-decode.js';

/** A substitution in the symbolic output. `attr`: from an attribute (omitted when NULL) rather than element text. */
export class Slot {
  constructor(
    readonly index: number,
    readonly attr: boolean,
  ) {}
}

/** Where an embedded BinXml value (0x21) is rendered in place, with the open elements around it. */
export class Embed {
  /** `context` joined with `/`: the key of the inner template's flat plan (computed once, not per record). */
  readonly contextKey: string;
  constructor(
    readonly slot: Slot,
    readonly context: readonly string[],
  ) {
    this.contextKey = context.join('/');
  }
}

class Unplannable extends Error {}

/** Output nodes left for the record being rendered (same limit as the generic walker's). */
let budget = 0;
let budgetAt = 0;

/** Starts the node budget of one record (see `spend`). */
export function startBudget(limit: number, at: number): void {
  budget = limit;
  budgetAt = at;
}

/** Counts `n` rendered nodes (default 1) against the record's budget. */
export function spend(n = 1): void {
  budget -= n;
  if (budget < 0) tooLarge();
}

function tooLarge(): never {
  throw evtxError(
    'record.too-large',
    'record expands to more nodes than the per-record limit (template/BinXml expansion bomb?)',
    budgetAt,
    'EventRecord.event',
  );
}

/** Thrown at render time when a record's values do not fit the plan: the caller falls back to the walker. */
export class Fallback extends Error {}

const EMBED_PREFIX = '\u0000embed';

const NUMERIC_FLAT_KEYS = new Set([
  'EventID',
  'EventID_Qualifiers',
  'EventRecordID',
  'ProcessID',
  'ThreadID',
]);

function symbolicWalk(nodes: readonly BinXmlNode[], sink: RenderSink, onEmbed: (slot: Slot) => void): void {
  for (const node of nodes) {
    switch (node.k) {
      case NODE_ELEMENT: {
        sink.open(node.name);
        for (const a of node.attrs) {
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
const E_CONST = 0;
const E_SLOT = 1;
const E_NUMERIC_SLOT = 2;
const E_LIST = 3;
const E_EMBED = 4;

/** One shape for every entry kind keeps the render loop monomorphic. */
interface FlatEntry {
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

interface FlatPlan {
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

function compileFlat(t: TemplateDefinition, context: readonly string[]): FlatPlan {
  const sink = new FlatSink(context);
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
    else if (v instanceof Slot)
      entries.push(entry(NUMERIC_FLAT_KEYS.has(key) ? E_NUMERIC_SLOT : E_SLOT, key, null, v));
    else if (Array.isArray(v)) entries.push(entry(E_LIST, key, null, undefined, v as (Slot | FlatValue)[]));
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

function compileJson(t: TemplateDefinition, container: string | undefined): JsonPlan {
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

/** Plans shared across chunks: the same template (GUID + structure) recurs in every chunk of a log. */
const SHARED_PLANS = new Map<string, Plans>();
const SHARED_PLANS_MAX = 4096;
/** Approximate characters held by the shared plans (names and texts); the cache is dropped beyond the cap. */
let sharedPlanChars = 0;
const SHARED_PLAN_CHARS_MAX = 4_000_000;

function weigh(v: unknown, depth = 0): number {
  if (typeof v === 'string') return v.length;
  if (depth > 64 || v === null || typeof v !== 'object') return 1;
  let n = 1;
  for (const [k, x] of Object.entries(v)) n += k.length + weigh(x, depth + 1);
  return n;
}

/*
 * Structural hash of a template tree: two 32-bit FNV-style accumulators with different multipliers, updated
 * in one walk (the key needs both; walking the tree twice cost twice as much).
 */
let h1 = 0;
let h2 = 0;

function step(c: number): void {
  h1 = Math.imul(h1 ^ c, 0x01000193);
  h2 = Math.imul(h2 ^ c, 0x5bd1e995);
}

function mix(s: string): void {
  let x = h1;
  let y = h2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    x = Math.imul(x ^ c, 0x01000193);
    y = Math.imul(y ^ c, 0x5bd1e995);
  }
  h1 = x;
  h2 = y;
  step(0xff);
}

function fingerprintNodes(nodes: readonly BinXmlNode[]): void {
  for (const n of nodes) {
    step(n.k);
    switch (n.k) {
      case NODE_ELEMENT:
        mix(n.name);
        for (const a of n.attrs) {
          mix(a.name);
          fingerprintNodes(a.value);
        }
        fingerprintNodes(n.children);
        step(0x5a);
        break;
      case NODE_TEXT:
      case NODE_CDATA:
        mix(n.text);
        break;
      case NODE_CHAR_REF:
        step(n.code);
        break;
      case NODE_ENTITY_REF:
        mix(n.name);
        break;
      case NODE_PI:
        mix(n.target);
        mix(n.data);
        break;
      case NODE_SUBSTITUTION:
        step(n.index * 4 + (n.optional ? 2 : 0));
        step(n.valueType);
        break;
      default:
        step(0x77);
    }
  }
}

/** Structural identity of a template: GUID plus a hash of its resolved tree (names, texts, slots). */
function fingerprint(t: TemplateDefinition): string {
  h1 = 0x811c9dc5;
  h2 = 0x1234567;
  fingerprintNodes(t.root);
  return `${t.guid}:${(h1 >>> 0).toString(36)}:${h2 >>> 0}`;
}

interface Plans {
  /** Flat plans by rendering context (names of the enclosing elements). */
  flat: Map<string, FlatPlan | null>;
  /** JSON plans by container element ('' = document level). */
  json: Map<string, JsonPlan | null>;
}

function plansOf(t: TemplateDefinition): Plans {
  let p = t.plans as Plans | undefined;
  if (!p) {
    const key = fingerprint(t);
    p = SHARED_PLANS.get(key);
    if (!p) {
      if (SHARED_PLANS.size >= SHARED_PLANS_MAX) {
        SHARED_PLANS.clear();
        sharedPlanChars = 0;
      }
      p = { flat: new Map(), json: new Map() };
      SHARED_PLANS.set(key, p);
    }
    t.plans = p;
  }
  return p;
}

function account(chars: number): void {
  sharedPlanChars += chars;
  if (sharedPlanChars > SHARED_PLAN_CHARS_MAX) {
    // Plans already attached to live templates stay usable; only the cross-chunk sharing restarts.
    SHARED_PLANS.clear();
    sharedPlanChars = 0;
  }
}

function flatPlan(t: TemplateDefinition, context: readonly string[], key: string): FlatPlan | null {
  const plans = plansOf(t).flat;
  let plan = plans.get(key);
  if (plan === undefined) {
    try {
      plan = compileFlat(t, context);
    } catch (e) {
      if (!(e instanceof Unplannable)) throw e;
      plan = null;
    }
    plans.set(key, plan);
    account(plan === null ? 1 : weigh(plan.entries) + key.length);
  }
  return plan;
}

export function jsonPlan(t: TemplateDefinition, container: string | undefined): JsonPlan | null {
  const plans = plansOf(t).json;
  const key = container ?? '';
  let plan = plans.get(key);
  if (plan === undefined) {
    try {
      plan = compileJson(t, container);
    } catch (e) {
      if (!(e instanceof Unplannable)) throw e;
      plan = null;
    }
    plans.set(key, plan);
    account(plan === null ? 1 : weigh(plan.tree) + key.length);
  }
  return plan;
}

/** Inner template instance of an embedded BinXml slot, or undefined when it is NULL (renders nothing). */
export function embeddedInstance(
  values: TemplateValues,
  slot: Slot,
  depth: number,
): TemplateInstanceNode | undefined {
  if (slot.index >= values.count) return undefined;
  const type = values.types[slot.index];
  if (type === TYPE_NULL) return undefined;
  if (type !== TYPE_BINXML || depth > 16) throw new Fallback();
  const nodes = embeddedNodes(values, slot.index, depth);
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  if (!only || only.k !== NODE_TEMPLATE_INSTANCE) throw new Fallback();
  return only;
}

/** Embedded BinXml values may only sit where the template renders them as elements. */
export function checkValues(values: TemplateValues, embeds: Set<number>): void {
  const types = values.types;
  for (let i = 0; i < types.length; i++) if (types[i] === TYPE_BINXML && !embeds.has(i)) throw new Fallback();
}

function numeric(v: FlatValue): FlatValue {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    // `+ 0`: "-0" becomes 0 (not -0), as it would after a trip through JSON from a worker thread.
    if (Number.isSafeInteger(n)) return n + 0;
  }
  return v;
}

/** Decodes a slot; undefined = attribute omitted (NULL or missing value). */
export function slotValue(
  s: Slot,
  values: TemplateValues,
  style: typeof STYLE_FLAT | typeof STYLE_JSON,
): DecodedValue | undefined {
  if (s.index >= values.count) return s.attr ? undefined : null;
  if (values.types[s.index] === TYPE_NULL) return s.attr ? undefined : null;
  const v = decodeValue(values, s.index, style);
  return style === STYLE_JSON && !s.attr && typeof v === 'string' ? v.trim() : v;
}

function applyFlat(plan: FlatPlan | null, values: TemplateValues, depth: number): void {
  if (!plan) throw new Fallback();
  checkValues(values, plan.embeds);
  const entries = plan.entries;
  budget -= entries.length;
  if (budget < 0) tooLarge();
  for (let i = 0; i < entries.length; i++) {
    const en = entries[i]!;
    switch (en.kind) {
      case E_CONST:
        KEYS.push(en.key);
        VALS.push(en.c);
        break;
      case E_SLOT: {
        const v = slotValue(en.slot!, values, STYLE_FLAT);
        if (v !== undefined) {
          KEYS.push(en.key);
          VALS.push(v as FlatValue);
        }
        break;
      }
      case E_NUMERIC_SLOT: {
        const v = slotValue(en.slot!, values, STYLE_FLAT);
        if (v !== undefined) {
          KEYS.push(en.key);
          VALS.push(numeric(v as FlatValue));
        }
        break;
      }
      case E_LIST: {
        const list: FlatValue[] = [];
        for (const x of en.list!)
          list.push(x instanceof Slot ? ((slotValue(x, values, STYLE_FLAT) ?? null) as FlatValue) : x);
        KEYS.push(en.key);
        VALS.push(list);
        break;
      }
      default: {
        const inner = embeddedInstance(values, en.embed!.slot, depth);
        if (inner) {
          const embed = en.embed!;
          applyFlat(flatPlan(inner.template, embed.context, embed.contextKey), inner.values, depth + 1);
        }
      }
    }
  }
}

/** Fills KEYS and VALS with the flat event's members through the plan; undefined when it does not apply. */
function collectFlat(t: TemplateDefinition, values: TemplateValues, at: number): FlatPlan | undefined {
  budget = values.ctx.limits.maxNodesPerRecord;
  budgetAt = at;
  KEYS.length = 0;
  VALS.length = 0;
  const plan = flatPlan(t, NO_CONTEXT, '');
  try {
    applyFlat(plan, values, 0);
  } catch (err) {
    if (err instanceof Fallback) return undefined;
    throw err;
  }
  // applyFlat succeeded, so the plan exists.
  return plan!;
}

/**
 * The flat event of one template instance as JSON text (what a worker thread sends back), or undefined when
 * the plan does not apply. `JSON.parse` of it gives the object `planFlat` builds: the same members in the
 * same order — a repeated key keeps its first position and its last value, and `__proto__` is an own
 * property, in both.
 */
export function planFlatText(t: TemplateDefinition, values: TemplateValues, at: number): string | undefined {
  if (collectFlat(t, values, at) === undefined) return undefined;
  let s = '{';
  for (let i = 0; i < KEYS.length; i++)
    s += `${i === 0 ? '' : ','}${keyPrefix(KEYS[i]!)}${valueText(VALS[i]!)}`;
  return `${s}}`;
}

/** Flat event of one template instance through the compiled plan, or undefined when it does not apply. */
export function planFlat(t: TemplateDefinition, values: TemplateValues, at: number): FlatEvent | undefined {
  const p = collectFlat(t, values, at);
  if (p === undefined) return undefined;
  const last = p.shapeKeys;
  if (last !== null && sameKeys(last, KEYS)) return p.shapeBuild!(VALS) as FlatEvent;
  const build = shapeBuilder(KEYS);
  if (build === undefined) return assignBuilder(KEYS)(VALS) as FlatEvent;
  p.shapeKeys = KEYS.slice();
  p.shapeBuild = build;
  return build(VALS) as FlatEvent;
}

const NO_CONTEXT: readonly string[] = [];

/** Same key sequence (keys come from plan entries, so equal keys are usually the same string objects). */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/*
 * Object construction. Adding 25 properties one by one to `{}` costs ~200 ns each (map transitions through a
 * megamorphic keyed store); a constructor made once per key sequence (an object literal) builds the same
 * object ~15× faster. Key sequences are found through a trie; keys are embedded as JSON string literals, and
 * sequences with `__proto__` or repeated keys use plain assignment.
 */
const KEYS: string[] = [];
const VALS: FlatValue[] = [];

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  build: Builder | undefined;
  /** Times this exact key sequence was built; a constructor is generated from the 4th time on. */
  hits: number;
}

let shapeRoot: ShapeNode = { next: new Map(), build: undefined, hits: 0 };
let shapeNodes = 0;
let shapeChars = 0;
const SHAPE_NODES_MAX = 50_000;
/** Keys are data from the file: cap the characters the trie may keep alive (hostile names can be 64 KiB long). */
const SHAPE_CHARS_MAX = 2_000_000;
const COMPILE_AFTER = 3;

type Builder = (v: readonly unknown[]) => Record<string, unknown>;

function assignBuilder(keys: readonly string[]): Builder {
  return (v) => {
    const e: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === '__proto__')
        Object.defineProperty(e, k, { value: v[i], enumerable: true, writable: true, configurable: true });
      else e[k] = v[i];
    }
    return e;
  };
}

function makeBuilder(keys: readonly string[]): Builder {
  if (keys.includes('__proto__') || new Set(keys).size !== keys.length) return assignBuilder(keys);
  const body = `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')}};`;
  try {
    return new Function('v', body) as Builder;
  } catch {
    // Code generation disabled (e.g. --disallow-code-generation-from-strings): plain assignment.
    return assignBuilder(keys);
  }
}

function buildObject<T>(keys: readonly string[], vals: readonly T[]): Record<string, T> {
  const build = shapeBuilder(keys);
  return (build ?? assignBuilder(keys))(vals) as Record<string, T>;
}

/**
 * The compiled constructor for this key sequence, or undefined while the sequence is still rare (or the trie
 * was just reset): the caller then assigns the keys one by one.
 */
function shapeBuilder(keys: readonly string[]): Builder | undefined {
  let node = shapeRoot;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    let nx = node.next.get(k);
    if (!nx) {
      shapeChars += k.length;
      if (++shapeNodes > SHAPE_NODES_MAX || shapeChars > SHAPE_CHARS_MAX) {
        shapeRoot = { next: new Map(), build: undefined, hits: 0 };
        shapeNodes = 0;
        shapeChars = 0;
        return undefined;
      }
      nx = { next: new Map(), build: undefined, hits: 0 };
      node.next.set(k, nx);
    }
    node = nx;
  }
  let build = node.build;
  if (!build) {
    // One-off key sequences (hostile or corrupt input) never pay for code generation.
    if (++node.hits <= COMPILE_AFTER) return undefined;
    build = makeBuilder(keys.slice());
    node.build = build;
  }
  return build;
}

function pushKey(ks: string[], vs: JsonValue[], key: string, value: JsonValue): void {
  if (!ks.includes(key)) {
    ks.push(key);
    vs.push(value);
    return;
  }
  let i = 1;
  while (ks.includes(`${key}_${i}`)) i++;
  ks.push(`${key}_${i}`);
  vs.push(value);
}

function instantiate(node: unknown, values: TemplateValues, depth: number): JsonValue | undefined {
  if (--budget < 0) tooLarge();
  if (node instanceof Slot) return slotValue(node, values, STYLE_JSON) as JsonValue | undefined;
  if (node === null || typeof node !== 'object') return node as JsonValue;
  if (Array.isArray(node)) return node.map((x) => (instantiate(x, values, depth) ?? null) as JsonValue);
  const src = node as Record<string, unknown>;
  const ks: string[] = [];
  const vs: JsonValue[] = [];
  let hadAttrs = false;
  let attrs = false;
  for (const k in src) {
    if (k === '#attributes') {
      hadAttrs = true;
      const aks: string[] = [];
      const avs: JsonValue[] = [];
      const sa = src[k] as Record<string, unknown>;
      for (const ak in sa) {
        const v = instantiate(sa[ak], values, depth);
        if (v !== undefined) {
          aks.push(ak);
          avs.push(v);
        }
      }
      if (aks.length > 0) {
        attrs = true;
        ks.push('#attributes');
        vs.push(buildObject(aks, avs));
      }
      continue;
    }
    const child = src[k];
    if (child instanceof Embed) {
      const inner = embeddedInstance(values, child.slot, depth);
      if (!inner) continue;
      const plan = jsonPlan(inner.template, child.context[0]);
      if (!plan) throw new Fallback();
      checkValues(inner.values, plan.embeds);
      const content = instantiate(plan.tree, inner.values, depth + 1) as JsonObject;
      for (const ik in content) pushKey(ks, vs, ik, content[ik]!);
      continue;
    }
    const v = instantiate(child, values, depth);
    if (k === '#text' && (v === undefined || v === null) && child instanceof Slot) continue;
    ks.push(k);
    vs.push((v ?? null) as JsonValue);
  }
  // Re-shape like the JSON sink: attributes gone → the element is its text (or null).
  if (hadAttrs && !attrs) {
    if (ks.length === 0) return null;
    if (ks.length === 1 && ks[0] === '#text') return vs[0]!;
  }
  return buildObject(ks, vs);
}

/** evtx_dump JSON of one template instance through the compiled plan, or undefined when it does not apply. */
export function planJson(t: TemplateDefinition, values: TemplateValues, at: number): JsonObject | undefined {
  budget = values.ctx.limits.maxNodesPerRecord;
  budgetAt = at;
  const plan = jsonPlan(t, undefined);
  if (!plan) return undefined;
  try {
    checkValues(values, plan.embeds);
    return instantiate(plan.tree, values, 0) as JsonObject;
  } catch (err) {
    if (err instanceof Fallback) return undefined;
    throw err;
  }
}
