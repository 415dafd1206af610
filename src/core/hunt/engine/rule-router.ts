/**
 * Event routing: each compiled rule's event selectors (channel, EventID, provider) place it in buckets; an
 * event's (channel, provider, EventID) picks the union of the buckets that can hold rules for it. The union
 * (a "route") is computed once per distinct combination and cached.
 */
import type { CompiledRule, EventSelector, FlatEvent } from '../../sigma/index.js';

/** The rules an event of one (channel, provider, EventID) combination can match. */
export interface Route {
  /** Rule indices into the router's rule list, ascending. */
  readonly rules: Int32Array;
  /** Whether some rule of the route has literals (the event's strings are then worth scanning). */
  readonly hasLiterals: boolean;
}

export interface RouterOptions {
  /** Cap on cached routes (distinct channel/provider/EventID combinations); default 10,000. */
  readonly maxRoutes?: number;
}

const ANY = '*';

function eventIdOf(ev: FlatEvent): string {
  const id = ev.EventID;
  if (typeof id === 'number') return String(id);
  if (typeof id === 'string' && /^\d+$/.test(id.trim())) return String(Number(id));
  return '';
}

function lower(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

/** Routes events to the rules whose selectors admit them. */
export class RuleRouter {
  private readonly buckets = new Map<string, number[]>();
  private readonly routes = new Map<string, Route>();
  private readonly bySignature = new Map<string, Route>();
  private readonly maxRoutes: number;

  constructor(
    readonly rules: readonly CompiledRule[],
    options: RouterOptions = {},
  ) {
    this.maxRoutes = options.maxRoutes ?? 10_000;
    rules.forEach((rule, i) => {
      const keys = new Set<string>();
      if (rule.selectors.length === 0) keys.add(`${ANY}|${ANY}|${ANY}`);
      for (const sel of rule.selectors) for (const k of selectorKeys(sel)) keys.add(k);
      for (const k of keys) {
        const list = this.buckets.get(k) ?? [];
        list.push(i);
        this.buckets.set(k, list);
      }
    });
  }

  /** Number of distinct routes built so far. */
  get routeCount(): number {
    return this.routes.size;
  }

  /** The route of an event. */
  route(ev: FlatEvent): Route {
    const channel = lower(ev.Channel);
    const provider = lower(ev.Provider_Name);
    const eid = eventIdOf(ev);
    const key = `${channel}\u0000${provider}\u0000${eid}`;
    let r = this.routes.get(key);
    if (r) return r;
    const set = new Set<number>();
    for (const c of channel ? [channel, ANY] : [ANY])
      for (const p of provider ? [provider, ANY] : [ANY])
        for (const e of eid ? [eid, ANY] : [ANY])
          for (const i of this.buckets.get(`${c}|${p}|${e}`) ?? []) set.add(i);
    const rules = [...set].sort((a, b) => a - b);
    const signature = rules.join(',');
    r = this.bySignature.get(signature);
    if (!r) {
      r = {
        rules: Int32Array.from(rules),
        hasLiterals: rules.some((i) => (this.rules[i]!.literals?.length ?? 0) > 0),
      };
      this.bySignature.set(signature, r);
    }
    if (this.routes.size >= this.maxRoutes) this.routes.clear(); // hostile inputs with endless combinations
    this.routes.set(key, r);
    return r;
  }
}

/** Bucket keys `channel|provider|eventid` (each part may be `*`) under which a selector files its rule. */
function selectorKeys(sel: EventSelector): string[] {
  const channels = sel.channels ? [...sel.channels] : [ANY];
  const providers = sel.providers ? [...sel.providers] : [ANY];
  const ids = sel.eventIds ? [...sel.eventIds].map(String) : [ANY];
  const out: string[] = [];
  for (const c of channels) for (const p of providers) for (const e of ids) out.push(`${c}|${p}|${e}`);
  return out;
}
