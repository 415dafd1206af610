/**
 * The flat hunting event of a record straight from the compiled flat plans: each record only decodes its
 * values into the plan's entries (no token walk, no sink events, no per-element frames), then builds the
 * object with a constructor compiled for its key sequence, or writes it as JSON text.
 */
import type { TemplateDefinition, TemplateValues } from './binxml-node.js';
import { type FlatEvent, type FlatValue, flatTime } from './flat-sink.js';
import { keyPrefix, valueText } from './json-text.js';
import { assignBuilder, sameKeys, shapeBuilder } from './object-shape.js';
import { flatPlan } from './plan-cache.js';
import { E_CONST, E_LIST, E_NUMERIC_SLOT, E_SLOT, E_TIME_SLOT, type FlatPlan } from './plan-compile.js';
import { checkValues, embeddedInstance, Fallback, Slot, slotValue, spend, startBudget } from './plan-slot.js';
import { STYLE_FLAT } from './value-decode.js';

/**
 * The members of the flat event being collected (keys and values in order), reused record after record: the
 * first `count` slots are this record's. They are overwritten, never truncated (`length = 0` drops the backing
 * store, which every record then grew again: ~1 KB of garbage per record).
 */
const KEYS: string[] = [];
const VALS: FlatValue[] = [];
let count = 0;

function add(key: string, value: FlatValue): void {
  KEYS[count] = key;
  VALS[count] = value;
  count++;
}

function numeric(v: FlatValue): FlatValue {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = Number(v);
    // `+ 0`: "-0" becomes 0 (not -0), as it would after a trip through JSON from a worker thread.
    if (Number.isSafeInteger(n)) return n + 0;
  }
  return v;
}

/**
 * The plan applied last for the current record (the innermost one, usually the EventData template): the
 * memo of the record's key sequence lives there. An outer System template is shared by every event of a
 * channel, so a memo on it would change with every change of event type.
 */
let lastPlan: FlatPlan | undefined;

function applyFlat(plan: FlatPlan | null, values: TemplateValues, depth: number): void {
  if (!plan) throw new Fallback();
  lastPlan = plan;
  checkValues(values, plan.embeds);
  const entries = plan.entries;
  spend(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const en = entries[i]!;
    switch (en.kind) {
      case E_CONST:
        add(en.key, en.c);
        break;
      case E_SLOT: {
        const v = slotValue(en.slot!, values, STYLE_FLAT);
        if (v !== undefined) {
          add(en.key, v as FlatValue);
        }
        break;
      }
      case E_NUMERIC_SLOT: {
        const v = slotValue(en.slot!, values, STYLE_FLAT);
        if (v !== undefined) {
          add(en.key, numeric(v as FlatValue));
        }
        break;
      }
      case E_TIME_SLOT: {
        const v = slotValue(en.slot!, values, STYLE_FLAT);
        if (v !== undefined) {
          add(en.key, flatTime(v as FlatValue));
        }
        break;
      }
      case E_LIST: {
        const src = en.list!;
        const list: FlatValue[] = new Array(src.length);
        for (let k = 0; k < src.length; k++) {
          const x = src[k]!;
          list[k] = x instanceof Slot ? ((slotValue(x, values, STYLE_FLAT) ?? null) as FlatValue) : x;
        }
        add(en.key, list);
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
  startBudget(values.ctx.limits.maxNodesPerRecord, at);
  count = 0;
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
  for (let i = 0; i < count; i++) s += `${i === 0 ? '' : ','}${keyPrefix(KEYS[i]!)}${valueText(VALS[i]!)}`;
  return `${s}}`;
}

/** Flat event of one template instance through the compiled plan, or undefined when it does not apply. */
export function planFlat(t: TemplateDefinition, values: TemplateValues, at: number): FlatEvent | undefined {
  if (collectFlat(t, values, at) === undefined) return undefined;
  const p = lastPlan!;
  const last = p.shapeKeys;
  if (last !== null && sameKeys(last, KEYS, count)) return p.shapeBuild!(VALS) as FlatEvent;
  const keys = KEYS.slice(0, count);
  const build = shapeBuilder(keys);
  if (build === undefined) return assignBuilder(keys)(VALS) as FlatEvent;
  p.shapeKeys = keys;
  p.shapeBuild = build;
  return build(VALS) as FlatEvent;
}

const NO_CONTEXT: readonly string[] = [];
