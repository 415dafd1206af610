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
  /**
   * The fields the prefilter must scan for this route's field-bound rules: those in which some literal-bearing
   * rule of the route looks for its literals (`CompiledRule.literalFields`), sorted.
   */
  readonly scanFields: readonly string[];
  /** Whether some literal-bearing rule of the route is a keyword search (its literals may be in any field). */
  readonly scanAnywhere: boolean;
}

export interface RouterOptions {
  /** Cap on cached routes (distinct channel/provider/EventID combinations); default 10,000. */
  readonly maxRoutes?: number;
}

const ANY = '*';

/** Route key of an event's EventID: none, a plain integer, or anything else (which any EventID rule may match). */
const NO_ID = '';
const ODD_ID = '?';

function eventIdOf(ev: FlatEvent): string {
  const id = ev.EventID;
  if (id === undefined || id === null) return NO_ID;
  if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? String(id) : ODD_ID;
  if (typeof id === 'string' && /^\d{1,15}$/.test(id.trim())) return String(Number(id));
  // An array, a boolean, `4688.0`, `+4688`…: a rule's `EventID` matcher may still accept it, so the event
  // meets the rules of every EventID of its channel and provider.
  return ODD_ID;
}

function isPrimitive(v: unknown): boolean {
  return v === undefined || v === null || typeof v !== 'object';
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
  /** Raw Channel → raw Provider_Name → raw EventID → route (`route`'s allocation-free lookup). */
  private readonly raw = new Map<unknown, Map<unknown, Map<unknown, Route>>>();
  private rawCount = 0;

  constructor(
    readonly rules: readonly CompiledRule[],
    options: RouterOptions = {},
  ) {
    this.maxRoutes = options.maxRoutes ?? 10_000;
    rules.forEach((rule, i) => {
      const keys = new Set<string>();
      if (rule.selectors.length === 0)
        for (const e of rule.eventIds ? [...rule.eventIds].map(String) : [ANY])
          keys.add(`${ANY}|${ANY}|${e}`);
      for (const sel of rule.selectors) for (const k of selectorKeys(sel, rule.eventIds)) keys.add(k);
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

  /**
   * The route of an event. Routes are looked up by the raw Channel, Provider_Name and EventID values in nested
   * maps first: no lower-casing or key string is built for the event (most events repeat a few combinations).
   */
  route(ev: FlatEvent): Route {
    const c = ev.Channel;
    const p = ev.Provider_Name;
    const e = ev.EventID;
    if (!isPrimitive(c) || !isPrimitive(p) || !isPrimitive(e)) return this.routeByKey(ev);
    let byProvider = this.raw.get(c);
    let byId = byProvider?.get(p);
    let r = byId?.get(e);
    if (r) return r;
    r = this.routeByKey(ev);
    if (this.rawCount >= this.maxRoutes) {
      this.raw.clear();
      this.rawCount = 0;
      byProvider = undefined;
      byId = undefined;
    }
    if (!byProvider) {
      byProvider = new Map();
      this.raw.set(c, byProvider);
    }
    if (!byId) {
      byId = new Map();
      byProvider.set(p, byId);
    }
    byId.set(e, r);
    this.rawCount++;
    return r;
  }

  /** The route of an event by its normalised (lower-cased channel and provider, integer EventID) key. */
  private routeByKey(ev: FlatEvent): Route {
    const channel = lower(ev.Channel);
    const provider = lower(ev.Provider_Name);
    const eid = eventIdOf(ev);
    const key = `${channel}\u0000${provider}\u0000${eid}`;
    let r = this.routes.get(key);
    if (r) return r;
    const set = new Set<number>();
    for (const c of channel ? [channel, ANY] : [ANY])
      for (const p of provider ? [provider, ANY] : [ANY]) {
        if (eid === ODD_ID) {
          const prefix = `${c}|${p}|`;
          for (const [k, list] of this.buckets) if (k.startsWith(prefix)) for (const i of list) set.add(i);
          continue;
        }
        for (const e of eid ? [eid, ANY] : [ANY])
          for (const i of this.buckets.get(`${c}|${p}|${e}`) ?? []) set.add(i);
      }
    const rules = [...set].sort((a, b) => a - b);
    const signature = rules.join(',');
    r = this.bySignature.get(signature);
    if (!r) {
      const withLiterals = rules.filter((i) => (this.rules[i]!.literals?.length ?? 0) > 0);
      r = {
        rules: Int32Array.from(rules),
        hasLiterals: withLiterals.length > 0,
        scanFields: scanFieldsOf(withLiterals.map((i) => this.rules[i]!.literalFields)),
        scanAnywhere: withLiterals.some((i) => !this.rules[i]!.literalFields),
      };
      this.bySignature.set(signature, r);
    }
    if (this.routes.size >= this.maxRoutes) this.routes.clear(); // hostile inputs with endless combinations
    this.routes.set(key, r);
    return r;
  }
}

/** Union of the field-bound rules' literal fields, sorted. */
function scanFieldsOf(lists: readonly (readonly string[] | null)[]): string[] {
  const out = new Set<string>();
  for (const l of lists) if (l) for (const f of l) out.add(f);
  return [...out].sort();
}

/**
 * Bucket keys `channel|provider|eventid` (each part may be `*`) under which a selector files its rule; the
 * rule's own EventID bound (`CompiledRule.eventIds`, from its detection) narrows the selector's.
 */
function selectorKeys(sel: EventSelector, detectionIds: ReadonlySet<number> | null): string[] {
  const channels = sel.channels ? [...sel.channels] : [ANY];
  const providers = sel.providers ? [...sel.providers] : [ANY];
  let eventIds: number[] | null = sel.eventIds ? [...sel.eventIds] : null;
  if (detectionIds) eventIds = eventIds ? eventIds.filter((e) => detectionIds.has(e)) : [...detectionIds];
  const ids = eventIds ? eventIds.map(String) : [ANY];
  const out: string[] = [];
  for (const c of channels) for (const p of providers) for (const e of ids) out.push(`${c}|${p}|${e}`);
  return out;
}
