/**
 * SigmaHQ regression conformance: for each `regression_data/**\/info.yml`, load the named rule from the
 * shared `rules*` folders, run it over the test's events and compare the match count with `match_count`
 * (or ≥ 1 when none is given). The event source is pluggable (JSON now; EVTX when the reader lands).
 * Shared by `scripts/conformance-sigma.ts` and the vitest conformance test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadPipelineSet, loadRuleFiles } from '../../src/app/sigma/index.js';
import { flattenEvtxJson, type JsonValue } from '../../src/core/hunt/index.js';
import { type CompiledRule, compileRuleSet, type FlatEvent } from '../../src/core/sigma/index.js';
import { parseJsonStream } from './json-stream.js';

export interface ConformanceTest {
  readonly name: string;
  readonly type: string;
  /** Path relative to the sigma folder (as written in info.yml). */
  readonly path: string;
  readonly matchCount: number | null;
}

export interface ConformanceCase {
  readonly infoFile: string;
  readonly ruleId: string;
  readonly title: string;
  readonly tests: readonly ConformanceTest[];
}

export interface ConformanceResult {
  readonly case: ConformanceCase;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly events: number;
  readonly matches: number;
  readonly expected: string;
  readonly reason?: string;
}

/** Events of one test; `kind` says which half of the conformance is being run. */
export type EventSource = (test: ConformanceTest, sigmaDir: string) => Iterable<FlatEvent>;

/** Reads the `.json` twin of a test's `.evtx` (several JSON documents back to back allowed). */
export const jsonEventSource: EventSource = function* (test, sigmaDir) {
  const evtx = join(sigmaDir, test.path);
  let json = evtx.replace(/\.evtx$/i, '.json');
  if (!existsSync(json)) {
    const dir = dirname(evtx);
    const any = readdirSync(dir).find((n) => n.endsWith('.json'));
    if (!any) throw new Error(`no .json events next to ${basename(evtx)}`);
    json = join(dir, any);
  }
  for (const doc of parseJsonStream(readFileSync(json, 'utf8'), json)) {
    const docs = Array.isArray(doc) ? doc : [doc];
    for (const d of docs) {
      yield flattenEvtxJson(d as JsonValue);
    }
  }
};

function walk(dir: string, out: string[]): void {
  for (const n of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, n.name);
    if (n.isDirectory()) walk(p, out);
    else if (n.name === 'info.yml') out.push(p);
  }
}

/** Every regression case (sorted by path). */
export function listConformanceCases(sigmaDir: string): ConformanceCase[] {
  const files: string[] = [];
  walk(join(sigmaDir, 'regression_data'), files);
  files.sort();
  return files.map((infoFile) => {
    const info = (parseYaml(readFileSync(infoFile, 'utf8')) ?? {}) as {
      rule_metadata?: { id?: string; title?: string }[];
      regression_tests_info?: { name?: string; type?: string; path?: string; match_count?: number }[];
    };
    const meta = info.rule_metadata?.[0] ?? {};
    return {
      infoFile,
      ruleId: meta.id ?? '',
      title: meta.title ?? '',
      tests: (info.regression_tests_info ?? []).map((t) => ({
        name: t.name ?? '',
        type: t.type ?? '',
        path: t.path ?? '',
        matchCount: typeof t.match_count === 'number' ? t.match_count : null,
      })),
    };
  });
}

/** Loads and compiles every rule in `sigma/rules*` with the built-in pipelines, indexed by id. */
export function loadSharedRules(sigmaDir: string): Map<string, CompiledRule> {
  const dirs = readdirSync(sigmaDir)
    .filter((n) => n.startsWith('rules'))
    .map((n) => join(sigmaDir, n));
  const loaded = loadRuleFiles(dirs);
  const set = compileRuleSet(loaded.rules, loadPipelineSet());
  return new Map(set.rules.map((r) => [r.id, r]));
}

/**
 * Upstream semantics (SigmaHQ's regression runner): `match_count` is a minimum (≥ 1 when absent); more matches
 * pass with a note. A bad record read from the test file fails the test.
 */
export function judgeTest(
  c: ConformanceCase,
  t: ConformanceTest,
  events: number,
  matches: number,
  badRecord = '',
): ConformanceResult {
  const expected = t.matchCount === null ? '≥1' : `≥${t.matchCount}`;
  const ok = matches >= (t.matchCount ?? 1) && badRecord === '';
  const reason = badRecord
    ? `bad record: ${badRecord}`
    : !ok
      ? `${matches} of ${events} events matched, expected ${expected}`
      : t.matchCount !== null && matches > t.matchCount
        ? `note: ${matches} matches, info.yml says ${t.matchCount} (upstream treats match_count as a minimum)`
        : undefined;
  return { case: c, status: ok ? 'pass' : 'fail', events, matches, expected, ...(reason ? { reason } : {}) };
}

/** A case's rule and EVTX tests, or the result it already has (skipped: no test; failed: rule not loaded). */
export function prepareCase(
  c: ConformanceCase,
  rules: ReadonlyMap<string, CompiledRule>,
): { rule: CompiledRule; tests: ConformanceTest[] } | ConformanceResult {
  const tests = c.tests.filter((t) => t.type === 'evtx');
  if (tests.length === 0) {
    const reason = 'info.yml has no evtx test (commented out upstream)';
    return { case: c, status: 'skip', events: 0, matches: 0, expected: '-', reason };
  }
  const rule = rules.get(c.ruleId);
  if (!rule) {
    return {
      case: c,
      status: 'fail',
      events: 0,
      matches: 0,
      expected: '?',
      reason: `rule ${c.ruleId} not loaded`,
    };
  }
  return { rule, tests };
}

/** Runs every case over the events `source` yields. */
export function runConformance(
  sigmaDir: string,
  source: EventSource,
  rules: Map<string, CompiledRule> = loadSharedRules(sigmaDir),
): ConformanceResult[] {
  const results: ConformanceResult[] = [];
  for (const c of listConformanceCases(sigmaDir)) {
    const prepared = prepareCase(c, rules);
    if (!('rule' in prepared)) {
      results.push(prepared);
      continue;
    }
    const { rule, tests } = prepared;
    for (const t of tests) {
      let events = 0;
      let matches = 0;
      const expected = t.matchCount === null ? '≥1' : `≥${t.matchCount}`;
      try {
        for (const ev of source(t, sigmaDir)) {
          events++;
          if (rule.match(ev)) matches++;
        }
      } catch (e) {
        results.push({
          case: c,
          status: 'fail',
          events,
          matches,
          expected,
          reason: e instanceof Error ? e.message : String(e),
        });
        continue;
      }
      results.push(judgeTest(c, t, events, matches));
    }
  }
  return results;
}
