/**
 * evtx_dump JSON *text* straight from a compiled JSON plan (see plan-compile.ts). A plan's document tree
 * is compiled once more, into a form made for writing text: constant subtrees become their JSON text,
 * object keys arrive pre-quoted in a plain array (no `for…in` per record), and each record only writes
 * its substitution values (json-text.ts). No intermediate object is built and walked again. What
 * `evtx dump` and the `jsonl` format print. The output is byte-for-byte `JSON.stringify(planJson(…))`
 * (the same walk, node budget and errors as `instantiate`); the few shapes where an object would order or
 * merge keys differently from the plan (integer-like keys, which objects list first; a key repeated by
 * embedded content) make this return undefined, and the caller stringifies the object instead.
 */
import type { TemplateDefinition, TemplateValues } from './binxml-node.js';
import { repeatedKey } from './json-sink.js';
import { valueText } from './json-text.js';
import { jsonPlan, withJsonPlan } from './plan-cache.js';
import type { JsonPlan } from './plan-compile.js';
import { checkValues, Embed, embeddedInstance, Fallback, Slot, slotValue, spend } from './plan-slot.js';
import { STYLE_JSON } from './value-decode.js';

const C_CONST = 0;
const C_SLOT = 1;
const C_ARRAY = 2;
const C_OBJECT = 3;

/** Object entry kinds: the `#attributes` object, embedded content, a `#text` slot, anything else. */
const E_ATTRS = 0;
const E_EMBED = 1;
const E_TEXT_SLOT = 2;
const E_NORMAL = 3;

/** One node of a compiled tree; a single class keeps the walk monomorphic. */
class CNode {
  constructor(
    readonly k: number,
    /** C_CONST: the JSON text; `count`: nodes `instantiate` would have visited. */
    readonly text: string,
    readonly count: number,
    readonly slot: Slot | null,
    /** C_ARRAY items. */
    readonly items: CNode[] | null,
    /** C_OBJECT entries, in the key order of the plan object. */
    readonly entries: CEntry[] | null,
  ) {}
}

class CEntry {
  constructor(
    readonly kind: number,
    readonly key: string,
    /** `"key":` */
    readonly prefix: string,
    /** A canonical array index: an object would list it first, so the text writer must fall back. */
    readonly indexKey: boolean,
    readonly child: CNode | null,
    readonly attrs: CEntry[] | null,
    readonly embed: Embed | null,
  ) {}
}

/** True for keys a JS object lists before all others (canonical array indexes). */
function isIndexKey(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  return /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;
}

function isConstant(v: unknown): boolean {
  if (v instanceof Slot || v instanceof Embed) return false;
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(isConstant);
  for (const k in v as Record<string, unknown>)
    if (!isConstant((v as Record<string, unknown>)[k])) return false;
  return true;
}

/** Nodes `instantiate` visits (one budget unit each) for a constant subtree. */
function countNodes(v: unknown): number {
  if (v === null || typeof v !== 'object') return 1;
  let n = 1;
  if (Array.isArray(v)) {
    for (const x of v) n += countNodes(x);
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (k === '#attributes') {
      const a = o[k] as Record<string, unknown>;
      for (const ak in a) n += countNodes(a[ak]);
    } else n += countNodes(o[k]);
  }
  return n;
}

function entryOf(
  kind: number,
  key: string,
  child: CNode | null,
  attrs: CEntry[] | null,
  embed: Embed | null,
): CEntry {
  return new CEntry(kind, key, `${JSON.stringify(key)}:`, isIndexKey(key), child, attrs, embed);
}

/** Compiles a plan node; `root`: always an object node (embedded content merges its keys one by one). */
function compile(v: unknown, root: boolean): CNode {
  if (v instanceof Slot) return new CNode(C_SLOT, '', 1, v, null, null);
  if (!root && isConstant(v)) return new CNode(C_CONST, JSON.stringify(v), countNodes(v), null, null, null);
  if (Array.isArray(v))
    return new CNode(
      C_ARRAY,
      '',
      1,
      null,
      v.map((x) => compile(x, false)),
      null,
    );
  const o = v as Record<string, unknown>;
  const entries: CEntry[] = [];
  for (const k in o) {
    const child = o[k];
    if (k === '#attributes') {
      const a = child as Record<string, unknown>;
      const attrs: CEntry[] = [];
      for (const ak in a) attrs.push(entryOf(E_NORMAL, ak, compile(a[ak], false), null, null));
      entries.push(entryOf(E_ATTRS, k, null, attrs, null));
    } else if (child instanceof Embed) entries.push(entryOf(E_EMBED, k, null, null, child));
    else if (k === '#text' && child instanceof Slot)
      entries.push(entryOf(E_TEXT_SLOT, k, compile(child, false), null, null));
    else entries.push(entryOf(E_NORMAL, k, compile(child, false), null, null));
  }
  return new CNode(C_OBJECT, '', 1, null, null, entries);
}

/** Compiled trees by plan (plans are shared across chunks and records). */
const COMPILED = new WeakMap<JsonPlan, CNode>();

function compiled(plan: JsonPlan): CNode {
  let c = COMPILED.get(plan);
  if (c === undefined) {
    c = compile(plan.tree, true);
    COMPILED.set(plan, c);
  }
  return c;
}

/** Text of a node, or undefined when omitted (a NULL attribute). */
function write(n: CNode, values: TemplateValues, depth: number): string | undefined {
  switch (n.k) {
    case C_CONST:
      spend(n.count);
      return n.text;
    case C_SLOT: {
      spend();
      return valueText(slotValue(n.slot!, values, STYLE_JSON));
    }
    case C_ARRAY: {
      spend();
      const items = n.items!;
      let s = '[';
      for (let i = 0; i < items.length; i++)
        s += `${i === 0 ? '' : ','}${write(items[i]!, values, depth) ?? 'null'}`;
      return `${s}]`;
    }
    default: {
      spend();
      const ks: CEntry[] = [];
      const ts: string[] = [];
      const shape = members(n, values, depth, ks, ts);
      if (shape === RESHAPED_NULL) return 'null';
      if (shape === RESHAPED_TEXT) return ts[0]!;
      let s = '{';
      for (let i = 0; i < ks.length; i++) s += `${i === 0 ? '' : ','}${ks[i]!.prefix}${ts[i]!}`;
      return `${s}}`;
    }
  }
}

const OBJECT = 0;
const RESHAPED_NULL = 1;
const RESHAPED_TEXT = 2;

/** `#attributes` written for the current object (an entry made per record: the key is fixed). */
const ATTRS_KEY = entryOf(E_NORMAL, '#attributes', null, null, null);

/**
 * Mirrors `instantiate` for an object node: appends its entries (keys) and value texts, or reports that it
 * collapses to `null` / to its `#text` value (every attribute omitted).
 */
function members(n: CNode, values: TemplateValues, depth: number, ks: CEntry[], ts: string[]): number {
  let hadAttrs = false;
  let attrs = false;
  let merged = false;
  const entries = n.entries!;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    switch (e.kind) {
      case E_ATTRS: {
        hadAttrs = true;
        let body = '';
        const list = e.attrs!;
        for (let j = 0; j < list.length; j++) {
          const a = list[j]!;
          const v = write(a.child!, values, depth);
          if (v === undefined) continue;
          if (a.indexKey) throw new Fallback();
          body += `${body === '' ? '' : ','}${a.prefix}${v}`;
        }
        if (body !== '') {
          attrs = true;
          ks.push(ATTRS_KEY);
          ts.push(`{${body}}`);
        }
        break;
      }
      case E_EMBED: {
        const embed = e.embed!;
        const inner = embeddedInstance(values, embed.slot, depth);
        if (!inner) break;
        const plan = jsonPlan(inner.template, embed.context[0]);
        if (!plan) throw new Fallback();
        checkValues(inner.values, plan.embeds);
        spend();
        const iks: CEntry[] = [];
        const its: string[] = [];
        if (members(compiled(plan), inner.values, depth + 1, iks, its) !== OBJECT) throw new Fallback();
        for (let j = 0; j < iks.length; j++) {
          ks.push(renamed(ks, iks[j]!));
          ts.push(its[j]!);
        }
        merged = true;
        break;
      }
      case E_TEXT_SLOT: {
        const v = write(e.child!, values, depth);
        // A NULL `#text` value is left out (as `instantiate` does); a non-null value never writes `null`.
        if (v === undefined || v === 'null') break;
        ks.push(e);
        ts.push(v);
        break;
      }
      default:
        ks.push(e);
        ts.push(write(e.child!, values, depth) ?? 'null');
    }
  }
  if (hadAttrs && !attrs) {
    if (ks.length === 0) return RESHAPED_NULL;
    if (ks.length === 1 && ks[0]!.key === '#text') return RESHAPED_TEXT;
  }
  for (let i = 0; i < ks.length; i++) if (ks[i]!.indexKey) throw new Fallback();
  if (merged) {
    const seen = new Set<string>();
    for (let i = 0; i < ks.length; i++) seen.add(ks[i]!.key);
    if (seen.size !== ks.length) throw new Fallback();
  }
  return OBJECT;
}

/** Embedded content's key, renamed `key_N` when the element already has it (as `pushKey` does). */
function renamed(ks: readonly CEntry[], e: CEntry): CEntry {
  const has = (k: string): boolean => {
    for (let i = 0; i < ks.length; i++) if (ks[i]!.key === k) return true;
    return false;
  };
  return has(e.key) ? entryOf(E_NORMAL, repeatedKey(e.key, has), null, null, null) : e;
}

const renderText = (plan: JsonPlan, values: TemplateValues): string | undefined =>
  write(compiled(plan), values, 0);

/** JSON text of one template instance through the compiled plan, or undefined when it does not apply. */
export function planJsonText(t: TemplateDefinition, values: TemplateValues, at: number): string | undefined {
  return withJsonPlan(t, values, at, renderText);
}
