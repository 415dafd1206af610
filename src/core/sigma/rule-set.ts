/**
 * Compiles a whole loaded rule set: detection rules (with the meta filters that name them), correlation
 * rules (into a correlation engine) and filters, collecting every issue per rule without stopping.
 */
import type { Issue } from '../shared/index.js';
import { type CompiledRule, safeCompileRule } from './compile.js';
import { type CorrelationEngine, type CorrelationOptions, createCorrelationEngine } from './correlation.js';
import type { PipelineSet } from './pipeline.js';
import type { AnySigmaRule, SigmaCorrelationRule, SigmaFilterRule, SigmaRule } from './rule-model.js';

export interface CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly correlations: readonly SigmaCorrelationRule[];
  readonly filters: readonly SigmaFilterRule[];
  /** A fresh correlation engine over this set (one per hunt / worker). */
  createCorrelationEngine(options?: CorrelationOptions): CorrelationEngine;
  /** Rules that did not compile, with their issues. */
  readonly failed: readonly { readonly rule: SigmaRule; readonly issues: readonly Issue[] }[];
  /** Set-level issues (unknown references in correlations and filters, duplicate ids). */
  readonly issues: readonly Issue[];
}

/** Compiles every rule of a set; one bad rule never stops the others. */
export function compileRuleSet(all: readonly AnySigmaRule[], pipelines: PipelineSet): CompiledRuleSet {
  const detections = all.filter((r): r is SigmaRule => r.type === 'rule');
  const correlations = all.filter((r): r is SigmaCorrelationRule => r.type === 'correlation');
  const filters = all.filter((r): r is SigmaFilterRule => r.type === 'filter');
  const issues: Issue[] = [];
  const seen = new Map<string, SigmaRule>();
  for (const r of detections) {
    if (!r.id) continue;
    const prev = seen.get(r.id);
    if (prev)
      issues.push({
        code: 'sigma.rule.duplicate-id',
        severity: 'warning',
        message: `rule id ${r.id} is used by ${JSON.stringify(prev.title)} and ${JSON.stringify(r.title)}`,
        location: r.location,
      });
    seen.set(r.id, r);
  }
  const keys = new Set(detections.flatMap((r) => [r.id, r.name, r.title].filter((x): x is string => !!x)));
  for (const f of filters)
    for (const ref of f.filter.rules)
      if (!keys.has(ref))
        issues.push({
          code: 'sigma.filter.unknown-rule',
          severity: 'warning',
          message: `filter ${JSON.stringify(f.title)} names rule ${JSON.stringify(ref)}, which is not loaded`,
          location: f.location,
        });
  const rules: CompiledRule[] = [];
  const failed: { rule: SigmaRule; issues: readonly Issue[] }[] = [];
  for (const r of detections) {
    const c = safeCompileRule(r, pipelines, { filters });
    if (c.success) rules.push(c.data);
    else failed.push({ rule: r, issues: c.issues });
  }
  const known = rules.map((r) => ({ id: r.id, name: r.name }));
  issues.push(...createCorrelationEngine(correlations, known).issues);
  return {
    rules,
    correlations,
    filters,
    failed,
    issues,
    createCorrelationEngine: (options) => createCorrelationEngine(correlations, known, options).engine,
  };
}
