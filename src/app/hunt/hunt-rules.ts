/**
 * Rules for a hunt: the project's own `rules/` (every folder but `pipelines/`; `tests/` folders hold rule test
 * events, not rules) unless `--rules` paths replace them, compiled with the built-in processing pipelines plus
 * the user's `--pipeline` files.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../../core/shared/index.js';
import { type CompiledRuleSet, compileRuleSet, type SigmaRule } from '../../core/sigma/index.js';
import { rulesPath } from '../runtime/index.js';
import { type LoadedRules, loadPipelineSet, loadRuleFiles } from '../sigma/index.js';

const SKIP_DIRS = new Set(['pipelines', 'tests']);

/**
 * Rule files under the given paths (default: the shipped `rules/`), sorted; folders named `pipelines` or
 * `tests` are skipped when walking folders. Files given explicitly are always taken.
 */
export function listHuntRuleFiles(paths: readonly string[] = [rulesPath()]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (!SKIP_DIRS.has(name)) walk(p);
      } else if (/\.ya?ml$/i.test(name)) out.push(p);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      out.push(p); // loadRuleFiles reports it as not found
      continue;
    }
    if (isDir) walk(p);
    else out.push(p);
  }
  return out;
}

/** A compiled hunt rule set with every load problem. */
export interface HuntRuleSet {
  readonly set: CompiledRuleSet;
  readonly files: number;
  /** Parse issues per file, compile failures and set-level issues (one bad rule never stops the others). */
  readonly issues: readonly Issue[];
  /** Rules that did not compile. */
  readonly failed: readonly { readonly rule: SigmaRule; readonly issues: readonly Issue[] }[];
}

/**
 * Loads and compiles the rule files. Throws only for a broken `--pipeline` file or a missing rule path.
 * `parsed`: the files already parsed (e.g. by the main thread, structured-cloned into a hunt worker — ~6×
 * cheaper than parsing the YAML again); they must be `loadRuleFiles(ruleFiles)`'s result.
 */
export function loadHuntRuleSet(
  ruleFiles: readonly string[],
  pipelineFiles: readonly string[] = [],
  parsed?: LoadedRules,
): HuntRuleSet {
  const pipelines = loadPipelineSet(pipelineFiles);
  const loaded = parsed ?? loadRuleFiles(ruleFiles);
  const set = compileRuleSet(loaded.rules, pipelines);
  const issues: Issue[] = [];
  for (const f of loaded.files) issues.push(...f.issues);
  for (const f of set.failed) issues.push(...f.issues);
  issues.push(...set.issues);
  return { set, files: loaded.files.length, issues, failed: set.failed };
}
