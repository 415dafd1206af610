/**
 * What a correlation measures over a window of grouped events, and whether its condition holds
 * (correlation specification v2.1 "Correlation Types" and "Condition").
 */
import type { FlatEvent, FlatValue } from './flat-event.js';
import type { CompareOp, SigmaCorrelationRule } from './rule-model.js';

/** One grouped rule match. */
export interface WindowEntry {
  /** Epoch milliseconds. */
  readonly t: number;
  /** Index of the referenced rule in `correlation.rules`. */
  readonly rule: number;
  /** The `condition.field` value(s) of the event, when the correlation has a field. */
  readonly value: FlatValue | undefined;
  readonly event: FlatEvent;
}

function compare(ops: readonly { op: CompareOp; value: number }[], x: number): boolean {
  for (const { op, value } of ops) {
    const ok =
      op === 'gt'
        ? x > value
        : op === 'gte'
          ? x >= value
          : op === 'lt'
            ? x < value
            : op === 'lte'
              ? x <= value
              : op === 'eq'
                ? x === value
                : x !== value;
    if (!ok) return false;
  }
  return true;
}

function numeric(v: FlatValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

/**
 * The measured value of a window: event count, distinct values, distinct rules, the length of the in-order
 * prefix of the rule list, sum, average, or (value_percentile) the share in % of the window's events having
 * `current`'s value.
 */
export function windowMetric(
  rule: SigmaCorrelationRule,
  w: readonly WindowEntry[],
  current: WindowEntry | null,
): number {
  const corr = rule.correlation;
  switch (corr.type) {
    case 'event_count':
      return w.length;
    case 'value_count': {
      const s = new Set<string>();
      for (const e of w) if (e.value !== undefined && e.value !== null) s.add(JSON.stringify(e.value));
      return s.size;
    }
    case 'temporal': {
      const s = new Set<number>();
      for (const e of w) s.add(e.rule);
      return s.size;
    }
    case 'temporal_ordered': {
      // Greedy subsequence scan: how many of the rules were seen in the listed order.
      let next = 0;
      for (const e of w) if (e.rule === next) next++;
      return next;
    }
    case 'value_sum':
    case 'value_avg': {
      let sum = 0;
      let n = 0;
      for (const e of w) {
        const x = numeric(e.value);
        if (x !== null) {
          sum += x;
          n++;
        }
      }
      return corr.type === 'value_sum' ? sum : n === 0 ? 0 : sum / n;
    }
    case 'value_percentile': {
      if (!current || w.length === 0) return 100;
      const key = JSON.stringify(current.value ?? null);
      let same = 0;
      for (const e of w) if (JSON.stringify(e.value ?? null) === key) same++;
      return (same / w.length) * 100;
    }
  }
}

/** Whether the measured value satisfies the condition (temporal types without one need every rule). */
export function conditionHolds(rule: SigmaCorrelationRule, value: number): boolean {
  const corr = rule.correlation;
  const ops = corr.condition?.ops;
  if ((corr.type === 'temporal' || corr.type === 'temporal_ordered') && (!ops || ops.length === 0))
    return value >= corr.rules.length;
  return ops ? compare(ops, value) : value > 0;
}
