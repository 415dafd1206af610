/**
 * Compiled plans by template: attached to the chunk's definition on first use and shared across chunks by
 * template GUID + a structural hash of the resolved tree, within bounds on entries and retained characters.
 */
import {
  type BinXmlNode,
  NODE_CDATA,
  NODE_CHAR_REF,
  NODE_ELEMENT,
  NODE_ENTITY_REF,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEXT,
  type TemplateDefinition,
  type TemplateValues,
} from './binxml-node.js';
import { compileFlat, compileJson, type FlatPlan, type JsonPlan, Unplannable } from './plan-compile.js';
import { checkValues, Fallback, startBudget } from './plan-slot.js';
import { forgetTemplates } from './template-cache.js';

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

// Index loops: this runs for every template of every chunk, mostly before it is optimised, where `for…of`
// allocates an iterator result per node.
function fingerprintNodes(nodes: readonly BinXmlNode[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    step(n.k);
    switch (n.k) {
      case NODE_ELEMENT:
        mix(n.name);
        for (let j = 0; j < n.attrs.length; j++) {
          const a = n.attrs[j]!;
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
  /** The flat plan looked up last and its key: a template nearly always renders in one context. */
  lastFlatKey: string | undefined;
  lastFlat: FlatPlan | null;
}

function plansOf(t: TemplateDefinition): Plans {
  let p = t.plans as Plans | undefined;
  if (!p) {
    const key = fingerprint(t);
    p = SHARED_PLANS.get(key);
    if (!p) {
      if (SHARED_PLANS.size >= SHARED_PLANS_MAX) restartSharing();
      p = { flat: new Map(), json: new Map(), lastFlatKey: undefined, lastFlat: null };
      SHARED_PLANS.set(key, p);
    }
    t.plans = p;
  }
  return p;
}

function account(chars: number): void {
  sharedPlanChars += chars;
  // Plans already attached to live templates stay usable; only the cross-chunk sharing restarts.
  if (sharedPlanChars > SHARED_PLAN_CHARS_MAX) restartSharing();
}

/**
 * Drops the shared plans, and the definitions kept for reuse across chunks with them (template-cache.ts): those
 * carry their plans, which would otherwise outlive the bounds above.
 */
function restartSharing(): void {
  SHARED_PLANS.clear();
  sharedPlanChars = 0;
  forgetTemplates();
}

/**
 * Compiles the plan for `key` on its first lookup (null when the template cannot be planned), keeps it and
 * accounts for what it holds. Only called on a miss, so the closures cost nothing per record.
 */
function compileOnce<P>(
  plans: Map<string, P | null>,
  key: string,
  compile: () => P,
  size: (plan: P) => number,
): P | null {
  let plan: P | null;
  try {
    plan = compile();
  } catch (e) {
    if (!(e instanceof Unplannable)) throw e;
    plan = null;
  }
  plans.set(key, plan);
  account(plan === null ? 1 : size(plan) + key.length);
  return plan;
}

export function flatPlan(t: TemplateDefinition, context: readonly string[], key: string): FlatPlan | null {
  const all = plansOf(t);
  if (all.lastFlatKey === key) return all.lastFlat;
  let plan = all.flat.get(key);
  if (plan === undefined)
    plan = compileOnce(
      all.flat,
      key,
      () => compileFlat(t, context),
      (p) => weigh(p.entries),
    );
  all.lastFlatKey = key;
  all.lastFlat = plan;
  return plan;
}

export function jsonPlan(t: TemplateDefinition, container: string | undefined): JsonPlan | null {
  const plans = plansOf(t).json;
  const key = container ?? '';
  const plan = plans.get(key);
  return plan !== undefined
    ? plan
    : compileOnce(
        plans,
        key,
        () => compileJson(t, container),
        (p) => weigh(p.tree),
      );
}

/**
 * Renders one template instance through its JSON plan (`render` gets the plan and the values, the record's node
 * budget started): undefined when the template has no plan or `render` meets a shape it cannot follow
 * (`Fallback`); the caller then renders the object from the generic walker. Other errors propagate.
 */
export function withJsonPlan<T>(
  t: TemplateDefinition,
  values: TemplateValues,
  at: number,
  render: (plan: JsonPlan, values: TemplateValues) => T,
): T | undefined {
  startBudget(values.ctx.limits.maxNodesPerRecord, at);
  const plan = jsonPlan(t, undefined);
  if (!plan) return undefined;
  try {
    checkValues(values, plan.embeds);
    return render(plan, values);
  } catch (err) {
    if (err instanceof Fallback) return undefined;
    throw err;
  }
}
