/** Sigma use cases: rule files and processing pipelines from disk. */
export { builtinPipelines, loadPipelineSet } from './pipeline-loader.js';
export { type CachedRules, defaultRuleCacheDir, loadRuleFilesCached } from './rule-cache.js';
export {
  type LoadedRuleFile,
  type LoadedRules,
  listRuleFiles,
  loadRuleFiles,
  NON_RULE_DIRS,
} from './rule-loader.js';
