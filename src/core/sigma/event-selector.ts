/**
 * Event selectors: which events a rule variant reads (Channel, EventID, Provider and extra field conditions,
 * from the processing pipeline entry), as data for the hunt's routing and as a predicate `match()` enforces.
 */
import { type FlatEvent, lowerFor } from './flat-event.js';
import type { LogsourceVariant } from './pipeline.js';

type Pred = (ev: FlatEvent) => boolean;

/**
 * Which events a rule variant reads. Each set is lowercased for channels/providers; `null` means any.
 * The hunt routes events with it; `match()` checks it again, so routing is an optimisation only.
 */
export interface EventSelector {
  readonly channels: ReadonlySet<string> | null;
  readonly eventIds: ReadonlySet<number> | null;
  readonly providers: ReadonlySet<string> | null;
  /** Extra conditions on other fields (lowercased values), e.g. Sysmon `EventType: CreateKey`. */
  readonly conditions: ReadonlyMap<string, ReadonlySet<string>>;
  /** The pipeline log source entry (`sysmon-process_creation`), or null for unmapped rules. */
  readonly source: string | null;
}

/** The selector of a pipeline variant (null for a rule no pipeline maps). */
export function selectorOf(v: LogsourceVariant): EventSelector | null {
  const s = v.source;
  if (!s) return null;
  const lowerSet = (xs: readonly string[]) => (xs.length ? new Set(xs.map((x) => x.toLowerCase())) : null);
  const conditions = new Map<string, ReadonlySet<string>>();
  for (const [k, vals] of s.conditions) conditions.set(k, new Set(vals.map((x) => String(x).toLowerCase())));
  return {
    channels: lowerSet(s.channels),
    eventIds: s.eventIds.length ? new Set(s.eventIds) : null,
    providers: lowerSet(s.providers),
    conditions,
    source: s.name,
  };
}

/** A predicate enforcing the selector, or null when it accepts every event. */
export function selectorTest(sel: EventSelector | null): Pred | null {
  if (!sel) return null;
  const { channels, eventIds, providers, conditions } = sel;
  if (!channels && !eventIds && !providers && conditions.size === 0) return null;
  const conds = [...conditions];
  // Runs once per rule per event: no allocation (lowercased strings come from the per-event cache).
  return (ev) => {
    if (channels) {
      const c = ev.Channel;
      if (typeof c !== 'string' || !channels.has(lowerFor(ev, c))) return false;
    }
    if (eventIds) {
      const id = ev.EventID;
      const n = typeof id === 'number' ? id : typeof id === 'string' ? Number(id) : Number.NaN;
      if (!eventIds.has(n)) return false;
    }
    if (providers) {
      const p = ev.Provider_Name;
      if (typeof p !== 'string' || !providers.has(lowerFor(ev, p))) return false;
    }
    for (let i = 0; i < conds.length; i++) {
      const [k, vals] = conds[i]!;
      const v = ev[k];
      if (v === undefined || v === null || Array.isArray(v)) return false;
      if (!vals.has(typeof v === 'string' ? lowerFor(ev, v) : String(v))) return false;
    }
    return true;
  };
}
