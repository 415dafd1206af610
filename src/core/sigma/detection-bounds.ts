/**
 * What a compiled detection requires of an event, derived from its items through the condition (AND: any one
 * child's requirement holds; OR: the union; `not`: nothing): the literal needles the prefilter looks for, the
 * EventIDs routing may narrow to, and the fields those needles sit in.
 */

/** The items of a compiled detection, per identifier and alternative (what `fieldsRead` needs). */
export interface DetectionItems {
  readonly identifiers: readonly {
    readonly items: readonly (readonly { readonly fields: readonly string[] }[])[];
  }[];
}

/** AND of needle sets: any one child's needles suffice; prefer the set whose shortest needle is longest. */
export function bestNeedles(sets: readonly (readonly string[] | null)[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  let score = -1;
  for (const s of sets) {
    if (!s) continue;
    const sc = Math.min(...s.map((x) => x.length)) * 1000 - s.length;
    if (sc > score) {
      best = s;
      score = sc;
    }
  }
  return best;
}

/** OR of needle sets: every child's needles are needed (none when one child has none). */
export function unionNeedles(sets: readonly (readonly string[] | null)[]): readonly string[] | null {
  const out = new Set<string>();
  for (const s of sets) {
    if (!s) return null;
    for (const x of s) out.add(x);
  }
  return out.size ? [...out] : null;
}

/** AND: the event must satisfy every child, so any child's EventID set bounds it; take the smallest. */
export function andEventIds(
  sets: readonly (readonly number[] | null | undefined)[],
): readonly number[] | null {
  let best: readonly number[] | null = null;
  for (const s of sets) if (s && (best === null || s.length < best.length)) best = s;
  return best;
}

/** OR: any child may hold, so the union — unbounded when one child is. */
export function orEventIds(
  sets: readonly (readonly number[] | null | undefined)[],
): readonly number[] | null {
  const out = new Set<number>();
  for (const s of sets) {
    if (!s) return null;
    for (const x of s) out.add(x);
  }
  return [...out];
}

/**
 * Every event field the detections' items read, or null when some item is a keyword search (any field).
 * A needle chosen from any item occurs in that item's field, so scanning these fields finds it.
 */
export function fieldsRead(dets: readonly DetectionItems[]): string[] | null {
  const out = new Set<string>();
  for (const d of dets)
    for (const ident of d.identifiers)
      for (const items of ident.items)
        for (const it of items) {
          if (it.fields.length === 0) return null;
          for (const f of it.fields) out.add(f);
        }
  return [...out];
}
