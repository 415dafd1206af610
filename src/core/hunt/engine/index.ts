/** The hunt engine: event routing, the Aho–Corasick literal prefilter, rule evaluation and correlation feeding. */
export { AhoCorasick, type AhoCorasickOptions } from './aho-corasick.js';
export { CorrelationFeeder, type CorrelationFeederOptions } from './correlation-feeder.js';
export {
  addHuntStats,
  type CorrelationInput,
  type CorrelationRefs,
  emptyHuntStats,
  HuntEngine,
  type HuntEngineOptions,
  type HuntEngineStats,
  type RuleFailure,
} from './hunt-engine.js';
export { LiteralPrefilter } from './literal-prefilter.js';
export { type Route, type RouterOptions, RuleRouter } from './rule-router.js';
