/**
 * `stormwatch rules lint <path…>`: loads every Sigma rule under the paths, compiles it with the processing
 * pipelines, and reports each rule that does not load with file:line:col and why. Exit 1 when any rule fails.
 */

import { loadPipelineSet, loadRuleFiles } from '../../app/sigma/index.js';
import { formatLocation, type Issue } from '../../core/shared/index.js';
import { compileRuleSet } from '../../core/sigma/index.js';
import { booleanFlag, defineCommand, stringListFlag } from '../command.js';

interface Problem {
  readonly file: string;
  readonly rule: string | null;
  readonly stage: 'parse' | 'compile' | 'set';
  readonly issue: Issue;
}

export default defineCommand({
  name: 'rules lint',
  summary: 'Check Sigma rules: every rule that does not load, with file:line:col and why',
  usage: 'rules lint <path…> [--pipeline <file>] [--strict] [--warnings] [--json]',
  description: [
    'Loads every .yml/.yaml file under the given paths (recursively), validates each document against the',
    'Sigma specification v2.1 (rules, correlations, filters) and compiles detection rules with the processing',
    'pipelines (built-in rules/pipelines plus --pipeline files), so unsupported regular expressions and',
    'unresolved %placeholders% are reported too.',
    '',
    'Rules whose only problem is an unresolved %placeholder% (expand modifier) are listed as needing values;',
    'they count as failures only with --strict.',
    '',
    'Exit codes: 0 every rule loads · 1 at least one rule or file fails (or a path is missing) · 2 usage ·',
    '3 invalid --pipeline file.',
  ].join('\n'),
  options: {
    pipeline: {
      type: 'string',
      multiple: true,
      value: '<file>',
      description: 'extra processing pipeline (YAML), applied after the built-ins',
    },
    warnings: { type: 'boolean', description: 'also list warnings' },
    strict: { type: 'boolean', description: 'count rules with unresolved %placeholders% as failures' },
    json: { type: 'boolean', description: 'machine-readable report' },
  },
  positionals: { min: 1 },
  run(ctx) {
    const pipelines = loadPipelineSet(stringListFlag(ctx.flags, 'pipeline'));
    const loaded = loadRuleFiles(ctx.args);
    const problems: Problem[] = [];
    let documents = 0;
    for (const f of loaded.files) {
      documents += f.rules.length;
      for (const i of f.issues) problems.push({ file: f.file, rule: null, stage: 'parse', issue: i });
    }
    const set = compileRuleSet(loaded.rules, pipelines);
    for (const failed of set.failed)
      for (const i of failed.issues)
        problems.push({
          file: failed.rule.location.file ?? '',
          rule: failed.rule.id ?? failed.rule.title,
          stage: 'compile',
          issue: i,
        });
    for (const i of set.issues)
      problems.push({ file: i.location?.file ?? '', rule: null, stage: 'set', issue: i });
    // A rule whose only problem is an unresolved %placeholder% is valid Sigma that needs site values
    // (spec: tools must not run it without them): reported apart, and an error only with --strict.
    const strict = booleanFlag(ctx.flags, 'strict');
    const isPlaceholder = (p: Problem) => p.issue.code === 'sigma.placeholder.unresolved';
    const placeholderRules = new Set(
      set.failed
        .filter((f) => f.issues.every((i) => i.code === 'sigma.placeholder.unresolved'))
        .map((f) => f.rule),
    );
    const errors = problems.filter((p) => p.issue.severity === 'error' && (strict || !isPlaceholder(p)));
    const needsPlaceholders = problems.filter((p) => !strict && isPlaceholder(p));
    const warnings = problems.filter((p) => p.issue.severity === 'warning');
    const filesWithErrors = new Set(errors.filter((p) => p.stage === 'parse').map((p) => p.file));
    const byCode = new Map<string, number>();
    for (const p of errors) byCode.set(p.issue.code, (byCode.get(p.issue.code) ?? 0) + 1);
    const detections = loaded.rules.filter((r) => r.type === 'rule').length;
    const summary = {
      files: loaded.files.length,
      filesWithErrors: filesWithErrors.size,
      loaded: documents,
      detectionRules: detections,
      correlationRules: set.correlations.length,
      filterRules: set.filters.length,
      compiled: set.rules.length,
      compileFailures: set.failed.length - (strict ? 0 : placeholderRules.size),
      needPlaceholders: strict ? 0 : placeholderRules.size,
      unmappedLogsource: set.rules.filter((r) => !r.logsourceMapped).length,
      errors: errors.length,
      warnings: warnings.length,
      errorsByCode: Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1])),
    };
    const ok = errors.length === 0;
    if (ctx.flags.json === true) {
      ctx.out.json({
        ok,
        summary,
        problems: (booleanFlag(ctx.flags, 'warnings') ? problems : [...errors, ...needsPlaceholders]).map(
          (p) => ({
            file: p.file,
            rule: p.rule,
            stage: p.stage,
            ...p.issue,
          }),
        ),
      });
      return ok ? 0 : 1;
    }
    const s = ctx.out.style;
    const shown = booleanFlag(ctx.flags, 'warnings') ? problems : [...errors, ...needsPlaceholders];
    for (const p of shown) {
      const l = p.issue.location;
      // file:line:col is what editors jump to; the byte offset stays in --json.
      const where = l
        ? formatLocation({
            file: l.file ?? p.file,
            ...(l.line !== undefined ? { line: l.line } : {}),
            ...(l.col !== undefined ? { col: l.col } : {}),
          })
        : p.file;
      const sev =
        p.issue.severity === 'error' && (strict || !isPlaceholder(p))
          ? s.red('error')
          : isPlaceholder(p)
            ? s.yellow('needs value')
            : s.yellow('warning');
      ctx.out.line(`${where}: ${sev} ${s.dim(p.issue.code)} ${p.issue.message}`);
    }
    if (shown.length) ctx.out.line();
    ctx.out.line(
      `${s.bold(String(summary.files))} files, ${s.bold(String(summary.loaded))} documents loaded ` +
        `(${summary.detectionRules} rules, ${summary.correlationRules} correlations, ${summary.filterRules} filters); ` +
        `${s.bold(String(summary.compiled))} rules compiled, ${summary.compileFailures} failed to compile, ` +
        `${summary.filesWithErrors} files with errors`,
    );
    if (summary.needPlaceholders)
      ctx.out.line(
        s.yellow(
          `${summary.needPlaceholders} rules need %placeholder% values (define them under \`placeholders:\` in a --pipeline file)`,
        ),
      );
    if (summary.unmappedLogsource)
      ctx.out.line(
        s.dim(`${summary.unmappedLogsource} rules have a logsource no pipeline maps (they read every event)`),
      );
    ctx.out.line(
      ok
        ? s.green(
            `ok — ${summary.warnings} warnings${booleanFlag(ctx.flags, 'warnings') ? '' : ' (--warnings to list)'}`,
          )
        : s.red(`${summary.errors} errors`) +
            `, ${summary.warnings} warnings: ${[...byCode].map(([c, n]) => `${c} ×${n}`).join(', ')}`,
    );
    return ok ? 0 : 1;
  },
});
