/**
 * Sigma engine (specification v2.1): parse → model → processing pipeline → compile → evaluate, plus
 * correlation rules and meta filters. Pure: rule and pipeline texts come in as strings.
 *
 * Typical use:
 * ```ts
 * const { rules, issues } = parseRules(text, { file });
 * const pipelines = createPipelineSet([parsePipeline(yaml, { file: 'sysmon.yml' }).pipeline!]);
 * const set = compileRuleSet(rules, pipelines);
 * for (const r of set.rules) { const m = r.match(event); }
 * ```
 */
export {
  type CompiledRule,
  type CompileOptions,
  compileRule,
  filtersFor,
  type MatchResult,
  safeCompileRule,
} from './compile.js';
export { type ConditionNode, ConditionSyntaxError, parseCondition } from './condition-parser.js';
export {
  type CorrelationEngine,
  type CorrelationFinding,
  type CorrelationOptions,
  type CorrelationStats,
  createCorrelationEngine,
  type RuleMatchRef,
} from './correlation.js';
export type { EventSelector } from './event-selector.js';
export { type FlatEvent, type FlatValue, lowerFor, resetMatchCache } from './flat-event.js';
export { MODIFIERS, type ModifierDefinition } from './modifiers.js';
export {
  createPipelineSet,
  type LogsourceVariant,
  type PipelineLogsource,
  type PipelineSet,
  type ProcessingPipeline,
  parsePipeline,
} from './pipeline.js';
export { unsupportedRegexReason } from './regex.js';
export type {
  AnySigmaRule,
  CorrelationType,
  Detection,
  SigmaCorrelationRule,
  SigmaFilterRule,
  SigmaLevel,
  SigmaLogsource,
  SigmaRule,
} from './rule-model.js';
export { type ParseRulesOptions, type ParseRulesResult, parseRules } from './rule-parser.js';
export { type CompiledRuleSet, compileRuleSet } from './rule-set.js';
export { parseRule, safeParseRule, validateRule } from './rule-validate.js';
