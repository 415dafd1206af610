/**
 * hono/zod-style entry points over the parser: `parseRule()` throws, `safeParseRule()` returns every issue,
 * `validateRule()` returns all issues of a text (parse, schema and — given pipelines — compile issues).
 */
import { type Issue, type SafeResult, StormwatchError } from '../shared/index.js';
import { safeCompileRule } from './compile.js';
import type { PipelineSet } from './pipeline.js';
import type { AnySigmaRule } from './rule-model.js';
import { parseRules } from './rule-parser.js';

/** Parses a text holding one Sigma rule (a collection must yield exactly one). Returns every issue. */
export function safeParseRule(text: string, options: { file: string }): SafeResult<AnySigmaRule> {
  const { rules, issues } = parseRules(text, options);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { success: false, issues };
  if (rules.length !== 1)
    return {
      success: false,
      issues: [
        ...issues,
        {
          code: 'sigma.rule.count',
          severity: 'error',
          message: `expected one rule, found ${rules.length} (use parseRules for multi-document files)`,
          location: { file: options.file },
        },
      ],
    };
  return { success: true, data: rules[0]!, warnings: issues };
}

/** Parses one Sigma rule; throws `StormwatchError` listing every issue. */
export function parseRule(text: string, options: { file: string }): AnySigmaRule {
  const r = safeParseRule(text, options);
  if (r.success) return r.data;
  const first = r.issues.find((i) => i.severity === 'error') ?? r.issues[0]!;
  throw new StormwatchError({
    code: first.code,
    kind: 'input',
    message: r.issues.map((i) => i.message).join('; '),
    ...(first.location ? { location: first.location } : {}),
    hint: 'see docs/sigma.md for the supported Sigma syntax',
  });
}

/** All issues of a Sigma text: YAML, schema/specification and (when `pipelines` is given) compilation. */
export function validateRule(text: string, options: { file: string; pipelines?: PipelineSet }): Issue[] {
  const { rules, issues } = parseRules(text, options);
  const out = [...issues];
  if (options.pipelines)
    for (const r of rules) {
      if (r.type !== 'rule') continue;
      const c = safeCompileRule(r, options.pipelines);
      if (!c.success) out.push(...c.issues);
    }
  return out;
}
