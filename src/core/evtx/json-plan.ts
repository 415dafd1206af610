/**
 * evtx_dump JSON objects of a record straight from the compiled JSON plan (see json-text-plan.ts for the
 * same output as text).
 */
import type { TemplateDefinition, TemplateValues } from './binxml-node.js';
import { type JsonObject, type JsonValue, repeatedKey } from './json-sink.js';
import { buildObject } from './object-shape.js';
import { jsonPlan, withJsonPlan } from './plan-cache.js';
import type { JsonPlan } from './plan-compile.js';
import { checkValues, Embed, embeddedInstance, Fallback, Slot, slotValue, spend } from './plan-slot.js';
import { STYLE_JSON } from './value-decode.js';

function pushKey(ks: string[], vs: JsonValue[], key: string, value: JsonValue): void {
  ks.push(ks.includes(key) ? repeatedKey(key, (k) => ks.includes(k)) : key);
  vs.push(value);
}

function instantiate(node: unknown, values: TemplateValues, depth: number): JsonValue | undefined {
  spend();
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

const renderJson = (plan: JsonPlan, values: TemplateValues): JsonObject =>
  instantiate(plan.tree, values, 0) as JsonObject;

/** evtx_dump JSON of one template instance through the compiled plan, or undefined when it does not apply. */
export function planJson(t: TemplateDefinition, values: TemplateValues, at: number): JsonObject | undefined {
  return withJsonPlan(t, values, at, renderJson);
}
