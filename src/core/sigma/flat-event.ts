/**
 * The flat event the Sigma engine evaluates (shared contract with the EVTX reader and the log inputs):
 * System fields under fixed names (`EventID`, `Channel`, `Provider_Name`, `Computer`, `TimeCreated`…),
 * EventData/UserData fields by name. Also the per-event lowercase cache used by case-insensitive matching.
 */

import type { FlatEvent } from '../shared/index.js';

export type { FlatEvent, FlatValue } from '../shared/index.js';

// Lowercased forms of the current event's strings. One event is evaluated against many rules in a row,
// so every string is folded at most once per event. Reset when a different event object arrives
// (events must not be mutated while they are being matched).
let cachedEvent: FlatEvent | null = null;
const lowerCache = new Map<string, string>();

/**
 * Lowercased `s`, cached while `event` is the event being matched. The hunt's prefilter may use it too, so a
 * string is folded once per event for both.
 */
export function lowerFor(event: FlatEvent, s: string): string {
  if (event !== cachedEvent) {
    cachedEvent = event;
    lowerCache.clear();
  }
  let l = lowerCache.get(s);
  if (l === undefined) {
    l = s.toLowerCase();
    lowerCache.set(s, l);
  }
  return l;
}

/** String form of a scalar event value (numbers and booleans as JSON renders them). */
export function scalarText(v: string | number | boolean): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * Forgets the lowercase cache. Needed only when one event object is mutated and matched again (events are
 * otherwise told apart by identity).
 */
export function resetMatchCache(): void {
  cachedEvent = null;
  lowerCache.clear();
}
