/**
 * Hunt use cases: reading log files (inputs/), loading hunt rules and IOC files, and running a hunt across
 * worker threads with streaming findings.
 */
export { type FileHuntOptions, type FileHuntSink, huntFile } from './hunt-file.js';
export { type HuntRuleSet, listHuntRuleFiles, loadHuntRuleSet } from './hunt-rules.js';
export * from './inputs/index.js';
export { type LoadedIocs, loadIocFiles } from './ioc-files.js';
export {
  BYTES_PER_HUNT_THREAD,
  type HuntOptions,
  type HuntProgress,
  type HuntResult,
  type HuntRulesInfo,
  huntWorkerScript,
  runHunt,
} from './run-hunt.js';
