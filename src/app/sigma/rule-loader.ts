/**
 * Loads Sigma rules from disk: files and folders (recursive, `.yml`/`.yaml`), each file parsed on its own so
 * one unreadable or invalid file is reported with its issues and never stops the others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Issue, StormwatchError } from '../../core/shared/index.js';
import { type AnySigmaRule, parseRules } from '../../core/sigma/index.js';

export interface LoadedRuleFile {
  readonly file: string;
  readonly rules: readonly AnySigmaRule[];
  readonly issues: readonly Issue[];
}

export interface LoadedRules {
  readonly files: readonly LoadedRuleFile[];
  /** Every rule that loaded, in file order. */
  readonly rules: readonly AnySigmaRule[];
}

/**
 * Folders skipped while walking (not when named explicitly): processing pipelines and rule test events live
 * beside rules in stormwatch's own `rules/` tree and are not Sigma rules.
 */
export const NON_RULE_DIRS: ReadonlySet<string> = new Set(['pipelines', 'tests']);

/** Lists `.yml`/`.yaml` files under the given paths (files are taken as given), sorted per folder. */
export function listRuleFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean): void => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch (e) {
      if (top)
        throw new StormwatchError({
          code: 'sigma.rules.not-found',
          kind: 'not-found',
          message: `rule path ${p} does not exist`,
          location: { file: p },
          hint: 'give a Sigma rule file or a folder of rules',
          cause: e,
        });
      return;
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).sort();
      for (const n of names) {
        if (n.startsWith('.') || NON_RULE_DIRS.has(n)) continue;
        walk(join(p, n), false);
      }
    } else if (top || /\.ya?ml$/i.test(p)) out.push(p);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** Reads and parses every rule file; `display` controls the file names used in issue locations. */
export function loadRuleFiles(paths: readonly string[], options: { relativeTo?: string } = {}): LoadedRules {
  const files: LoadedRuleFile[] = [];
  for (const path of listRuleFiles(paths)) {
    const file = options.relativeTo ? relative(options.relativeTo, path) : path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      files.push({
        file,
        rules: [],
        issues: [
          {
            code: 'sigma.rules.read',
            severity: 'error',
            message: `cannot read: ${e instanceof Error ? e.message : String(e)}`,
            location: { file },
          },
        ],
      });
      continue;
    }
    const r = parseRules(text, { file });
    files.push({ file, rules: r.rules, issues: r.issues });
  }
  return { files, rules: files.flatMap((f) => f.rules) };
}
