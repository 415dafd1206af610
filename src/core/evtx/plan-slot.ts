/**
 * The pieces a compiled template plan is made of and shares at render time: slots (a substitution in the
 * symbolic output), embeds (an embedded BinXml value rendered in place), the per-record node budget, and
 * the decoding of one slot's value. See plan-compile.ts for how plans are built.
 */
import type { TemplateInstanceNode, TemplateValues } from './binxml-node.js';
import { NODE_TEMPLATE_INSTANCE } from './binxml-node.js';
import { parseSingleInstance } from './binxml-parser.js';
import { embeddedNodes } from './binxml-render.js';
import { TYPE_BINXML, TYPE_NULL } from './binxml-tokens.js';
import { evtxError } from './evtx-error.js';
import { valueType } from './template-values.js';
import { type DecodedValue, decodeValue, type STYLE_FLAT, STYLE_JSON } from './value-decode.js';

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

/** Inner template instance of an embedded BinXml slot, or undefined when it is NULL (renders nothing). */
export function embeddedInstance(
  values: TemplateValues,
  slot: Slot,
  depth: number,
): TemplateInstanceNode | undefined {
  if (slot.index >= values.count) return undefined;
  const type = valueType(values, slot.index);
  if (type === TYPE_NULL) return undefined;
  if (type !== TYPE_BINXML || depth > 16) throw new Fallback();
  const i = slot.index;
  if (values.binxml?.[i] === undefined) {
    const only = parseSingleInstance(values.ctx, values.offsets[i]!, values.offsets[i + 1]!, depth + 1);
    if (only) return only;
  }
  const nodes = embeddedNodes(values, i, depth);
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  if (!only || only.k !== NODE_TEMPLATE_INSTANCE) throw new Fallback();
  return only;
}

/** Embedded BinXml values may only sit where the template renders them as elements. */
export function checkValues(values: TemplateValues, embeds: Set<number>): void {
  const b = values.ctx.bytes;
  for (let i = 0, d = values.desc + 2; i < values.count; i++, d += 4)
    if (b[d] === TYPE_BINXML && !embeds.has(i)) throw new Fallback();
}

/** Decodes a slot; undefined = attribute omitted (NULL or missing value). */
export function slotValue(
  s: Slot,
  values: TemplateValues,
  style: typeof STYLE_FLAT | typeof STYLE_JSON,
): DecodedValue | undefined {
  if (s.index >= values.count) return s.attr ? undefined : null;
  if (valueType(values, s.index) === TYPE_NULL) return s.attr ? undefined : null;
  const v = decodeValue(values, s.index, style);
  // Element text is trimmed as a whole in JSON (json-sink.ts); in a plan a text slot is all of its element's text.
  return style === STYLE_JSON && !s.attr && typeof v === 'string' ? v.trim() : v;
}
