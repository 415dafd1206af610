/**
 * The dev-set reports in ../shared/data/reports: whole indicator output snapshots (with the MISP warninglists from
 * ../shared compiled the way `data/catalog/warninglists.json.gz` holds them) and the F1 target per file.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { readAnnotatedTexts, type TruthFileBase } from '../../../../scripts/eval/annotated-texts.js';
import { type IndicatorTruthFile, prf, scoreIndicators } from '../../../../scripts/eval/score-indicators.js';
import { describeShared, shared } from '../../../../test/shared-data.js';
import { extractIndicators } from './extract-indicators.js';
import { WarningListMatcher } from './warning-list-matcher.js';

interface Case {
  readonly file: string;
  readonly text: string;
  readonly expected: IndicatorTruthFile['indicators'];
  readonly ignore: IndicatorTruthFile['indicators_ignore'];
  readonly documentUrl: string | undefined;
}

function loadCases(dir: string): Case[] {
  return readAnnotatedTexts<IndicatorTruthFile & TruthFileBase>(dir).map(
    ({ file, prose, text, truth, documentUrl }) => ({
      file,
      text,
      expected: prose ? (truth.prose_indicators ?? truth.indicators) : truth.indicators,
      ignore: truth.indicators_ignore,
      documentUrl,
    }),
  );
}

function loadSharedWarningLists(): WarningListMatcher {
  const dir = shared('misp-warninglists', 'lists');
  const lists = readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'list.json')))
    .map((n) => {
      const raw = JSON.parse(readFileSync(join(dir, n, 'list.json'), 'utf8'));
      return {
        name: raw.name,
        description: raw.description ?? '',
        type: raw.type,
        matching_attributes: raw.matching_attributes ?? [],
        category: raw.category ?? 'false-positive',
        entries: raw.list,
      };
    });
  return WarningListMatcher.compile({ lists });
}

describeShared('indicators on the dev-set reports', () => {
  const cases = loadCases(shared('reports'));
  let lists: WarningListMatcher;
  beforeAll(() => {
    lists = loadSharedWarningLists();
  });

  it('finds every annotated report', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of cases) {
    it(`${c.file}: whole output snapshot and F1 ≥ 0.97`, () => {
      const set = extractIndicators(c.text, {
        warningLists: lists,
        ...(c.documentUrl ? { documentUrl: c.documentUrl } : {}),
      });
      expect(set).toMatchSnapshot();
      const score = scoreIndicators(set, c.expected ?? {}, c.ignore);
      const { f1 } = prf(score.total);
      expect({
        f1: f1 >= 0.97,
        fp: score.perKind.flatMap((k) => k.falsePositives),
        fn: score.perKind.flatMap((k) => k.missed),
      }).toEqual({ f1: true, fp: [], fn: [] });
      // Spans cover the original text of each value (refanged values differ only by defang notation).
      for (const kind of Object.keys(set) as (keyof typeof set)[]) {
        for (const i of set[kind]) {
          expect(i.end).toBeGreaterThan(i.start);
          expect(i.mentions[0]).toEqual({ start: i.start, end: i.end });
        }
      }
    });
  }
});
