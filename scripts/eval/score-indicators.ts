/**
 * Indicator scorer: precision, recall and F1 per indicator kind of one document's extraction against its
 * `*.truth.json` (see ../shared/data/reports/README.md). Neutral items (`indicators_ignore`, any kind) are neither hits
 * nor false positives. Predictions marked `benign` or in `reference` context are not claimed as threats, so they
 * are not scored. Comparison keys follow the truth conventions: hosts, e-mails and hashes case-insensitive, files on
 * basename, IPv6 canonical, command lines with collapsed whitespace.
 */
import {
  formatIPv6,
  INDICATOR_KINDS,
  type IndicatorKind,
  type IndicatorSet,
  parseIPv6,
} from '../../src/core/extract/index.js';

export type IndicatorLists = Partial<Record<string, readonly string[]>>;

export interface IndicatorTruthFile {
  readonly indicators?: IndicatorLists;
  readonly indicators_ignore?: IndicatorLists;
  readonly prose_indicators?: IndicatorLists;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface KindScore extends Counts {
  readonly kind: IndicatorKind;
  readonly falsePositives: string[];
  readonly missed: string[];
  readonly neutral: string[];
}

export interface IndicatorScore {
  readonly perKind: KindScore[];
  readonly total: Counts;
}

/** Comparison key of a value of a kind. */
export function indicatorKey(kind: IndicatorKind, value: string): string {
  switch (kind) {
    case 'file': {
      const base = value.split(/[\\/]/).pop() ?? value;
      return base.toLowerCase();
    }
    case 'ipv4':
      // `1.2.3.4:8080` and `1.2.3.4` name the same address; a `/nn` network stays distinct.
      return value.replace(/:\d+$/, '');
    case 'ipv6': {
      const cidr = /\/\d+$/.exec(value)?.[0] ?? '';
      const bare = value
        .replace(/^\[|\](?::\d+)?$/g, '')
        .replace(/%[^/]*/, '')
        .replace(/\/\d+$/, '');
      const v = parseIPv6(bare);
      return v === undefined ? value.toLowerCase() : `${formatIPv6(v)}${cidr}`;
    }
    case 'commandline':
      return value.replace(/\s+/g, ' ').trim();
    case 'url': {
      const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)$/.exec(value);
      return m ? `${(m[1] ?? '').toLowerCase()}${m[2] ?? ''}` : value;
    }
    case 'registry':
      return value.toLowerCase();
    default:
      return value.toLowerCase();
  }
}

function neutralKeys(ignore: IndicatorLists | undefined): Set<string> {
  const out = new Set<string>();
  for (const values of Object.values(ignore ?? {})) {
    for (const v of values ?? []) {
      out.add(v.toLowerCase());
      out.add((v.split(/[\\/]/).pop() ?? v).toLowerCase());
    }
  }
  return out;
}

/** Precision/recall/F1 from counts; an empty document (nothing expected, nothing found) scores 1. */
export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Scores one extraction. `expected` is the truth list per kind (`indicators`, or `prose_indicators` for a prose
 * file); `ignore` the neutral items.
 */
export function scoreIndicators(
  predicted: IndicatorSet,
  expected: IndicatorLists,
  ignore: IndicatorLists | undefined,
): IndicatorScore {
  const neutral = neutralKeys(ignore);
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const perKind: KindScore[] = [];
  for (const kind of INDICATOR_KINDS) {
    const truth = new Map<string, string>();
    for (const v of expected[kind] ?? []) truth.set(indicatorKey(kind, v), v);
    const found = new Map<string, string>();
    for (const ind of predicted[kind]) {
      if (ind.benign !== undefined || ind.context === 'reference') continue;
      found.set(indicatorKey(kind, ind.value), ind.value);
    }
    const score: KindScore = { kind, tp: 0, fp: 0, fn: 0, falsePositives: [], missed: [], neutral: [] };
    for (const [key, value] of found) {
      if (truth.has(key)) score.tp++;
      else if (neutral.has(key) || neutral.has(value.toLowerCase())) score.neutral.push(value);
      else {
        score.fp++;
        score.falsePositives.push(value);
      }
    }
    for (const [key, value] of truth) {
      if (!found.has(key)) {
        score.fn++;
        score.missed.push(value);
      }
    }
    total.tp += score.tp;
    total.fp += score.fp;
    total.fn += score.fn;
    perKind.push(score);
  }
  return { perKind, total };
}
