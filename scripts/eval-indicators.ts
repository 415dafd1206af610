/**
 * Scores the indicator extractor on a folder of annotated reports (default ../shared/data/reports): every
 * `NAME.truth.json` with its text file(s); `.prose.txt` files are scored against `prose_indicators`. Prints per-file
 * and per-kind precision, recall and F1, and the false positives and misses.
 *
 *   node dist/scripts/eval-indicators.js [reports-dir] [--warninglists shared|none|<file.json[.gz]>] [--json]
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  extractIndicators,
  INDICATOR_KINDS,
  type IndicatorKind,
  WarningListMatcher,
} from '../src/core/extract/index.js';
import { readAnnotatedTexts, type TruthFileBase } from './eval/annotated-texts.js';
import { type Counts, type IndicatorTruthFile, prf, scoreIndicators } from './eval/score-indicators.js';
import { repoRoot, requireSharedData, sharedDataDir } from './lib/shared-data.js';

/** Builds the warninglist matcher: the compiled catalog file, the raw MISP lists in ../shared, or none. */
export function loadWarningLists(spec: string): WarningListMatcher | undefined {
  if (spec === 'none') return undefined;
  if (spec === 'shared') {
    const dir = join(sharedDataDir(), 'misp-warninglists', 'lists');
    if (!existsSync(dir)) return undefined;
    const lists = readdirSync(dir).flatMap((name) => {
      const file = join(dir, name, 'list.json');
      if (!existsSync(file)) return [];
      const raw = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        description?: string;
        type: string;
        matching_attributes?: string[];
        category?: string;
        list: string[];
      };
      return [
        {
          name,
          description: `${raw.name}. ${raw.description ?? ''}`,
          type: raw.type,
          matching_attributes: raw.matching_attributes ?? [],
          category: raw.category ?? 'false-positive',
          entries: raw.list,
        },
      ];
    });
    return WarningListMatcher.compile({ lists });
  }
  const buf = readFileSync(spec);
  const json = spec.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return WarningListMatcher.compile(JSON.parse(json));
}

/** The default warninglists: the compiled catalog when built, else the shared MISP lists, else none. */
export function defaultWarningListSpec(): string {
  const compiled = join(repoRoot(), 'data', 'catalog', 'warninglists.json.gz');
  return existsSync(compiled) ? compiled : 'shared';
}

export interface DocumentResult {
  readonly file: string;
  readonly score: ReturnType<typeof scoreIndicators>;
}

/** Scores every annotated text file in `dir`. */
export function evalIndicators(dir: string, lists: WarningListMatcher | undefined): DocumentResult[] {
  return readAnnotatedTexts<IndicatorTruthFile & TruthFileBase>(dir).map(
    ({ file, prose, text, truth, documentUrl }) => {
      const predicted = extractIndicators(text, {
        ...(lists ? { warningLists: lists } : {}),
        ...(documentUrl ? { documentUrl } : {}),
      });
      const expected = prose ? (truth.prose_indicators ?? truth.indicators ?? {}) : (truth.indicators ?? {});
      return { file, score: scoreIndicators(predicted, expected, truth.indicators_ignore) };
    },
  );
}

function fmt(n: number): string {
  return n.toFixed(3);
}

function main(): void {
  const args = process.argv.slice(2);
  const wlAt = args.indexOf('--warninglists');
  const wlSpec = wlAt === -1 ? defaultWarningListSpec() : (args[wlAt + 1] ?? 'shared');
  const json = args.includes('--json');
  const positional = args.filter((a, i) => !a.startsWith('--') && (wlAt === -1 || i !== wlAt + 1));
  const dir = positional[0] ?? join(requireSharedData('eval-indicators'), 'reports');
  const lists = loadWarningLists(wlSpec);
  const results = evalIndicators(dir, lists);
  const perKind = new Map<IndicatorKind, Counts>(INDICATOR_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const prose: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const r of results) {
    for (const k of r.score.perKind) {
      const c = perKind.get(k.kind)!;
      c.tp += k.tp;
      c.fp += k.fp;
      c.fn += k.fn;
    }
    const into = r.file.endsWith('.prose.txt') ? prose : total;
    into.tp += r.score.total.tp;
    into.fp += r.score.total.fp;
    into.fn += r.score.total.fn;
  }
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ warninglists: wlSpec, results, perKind: Object.fromEntries(perKind), total, prose }, null, 2)}\n`,
    );
    return;
  }
  const w = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(`indicators — ${dir} (warninglists: ${lists ? wlSpec : 'none'})\n\n`);
  process.stdout.write(`${w('file', 48)} ${w('tp', 4)} ${w('fp', 4)} ${w('fn', 4)} P      R      F1\n`);
  for (const r of results) {
    const s = prf(r.score.total);
    const c = r.score.total;
    process.stdout.write(
      `${w(r.file, 48)} ${w(String(c.tp), 4)} ${w(String(c.fp), 4)} ${w(String(c.fn), 4)} ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.f1)}\n`,
    );
    for (const k of r.score.perKind) {
      if (k.falsePositives.length > 0)
        process.stdout.write(`    FP ${k.kind}: ${k.falsePositives.join(', ')}\n`);
      if (k.missed.length > 0) process.stdout.write(`    FN ${k.kind}: ${k.missed.join(', ')}\n`);
    }
  }
  process.stdout.write(`\n${w('kind', 12)} ${w('tp', 4)} ${w('fp', 4)} ${w('fn', 4)} P      R      F1\n`);
  for (const [kind, c] of perKind) {
    const s = prf(c);
    process.stdout.write(
      `${w(kind, 12)} ${w(String(c.tp), 4)} ${w(String(c.fp), 4)} ${w(String(c.fn), 4)} ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.f1)}\n`,
    );
  }
  for (const [label, c] of [
    ['full texts', total],
    ['prose files', prose],
  ] as const) {
    const s = prf(c);
    process.stdout.write(
      `\n${label}: tp ${c.tp} fp ${c.fp} fn ${c.fn}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  F1 ${fmt(s.f1)}`,
    );
  }
  process.stdout.write('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) main();
