/** Messages between the hunt's main thread and its workers (plain, structured-clone-safe data). */

import type { Finding, FindingLevel } from '../../core/findings/index.js';
import type {
  CorrelationInput,
  HuntEngineStats,
  IocEntry,
  LogFormat,
  RecordSource,
  RuleFailure,
} from '../../core/hunt/index.js';
import type { ErrorKind, ErrorLocation, Issue } from '../../core/shared/index.js';
import type { SigmaCorrelationRule } from '../../core/sigma/index.js';
import type { FileReadSummary } from './inputs/index.js';

export interface WorkerInit {
  readonly ruleFiles: readonly string[];
  readonly pipelineFiles: readonly string[];
  readonly prefilter: boolean;
  readonly minLevel: FindingLevel;
  readonly iocs: readonly IocEntry[];
  readonly format?: LogFormat | 'auto';
  /** Set by the worker once its modules are loaded (`markLoaded`); the pool stops it only then. */
  readonly loaded?: Int32Array;
}

export type MainToWorker =
  /**
   * First message: `ruleFiles` as parsed by the main thread (`LoadedRules`, v8-serialized, the buffer
   * transferred): deserializing is ~6× cheaper than parsing the YAML again; the worker only compiles.
   */
  { readonly type: 'rules'; readonly parsed: Uint8Array } | { readonly type: 'file'; readonly file: string };

export interface SerializedError {
  code: string;
  kind: ErrorKind;
  message: string;
  location?: ErrorLocation;
  hint?: string;
}

export type WorkerToMain =
  | {
      readonly type: 'ready';
      readonly ruleFiles: number;
      readonly compiled: number;
      readonly failed: number;
      readonly issues: readonly Issue[];
      readonly correlations: readonly SigmaCorrelationRule[];
      /** Ids and names of the compiled detection rules (what correlations may reference). */
      readonly known: readonly { readonly id: string; readonly name?: string | undefined }[];
    }
  | { readonly type: 'findings'; readonly findings: readonly Finding[] }
  | { readonly type: 'correlation'; readonly input: CorrelationInput }
  | { readonly type: 'record-error'; readonly error: SerializedError; readonly source: RecordSource }
  | { readonly type: 'progress'; readonly records: number }
  | {
      readonly type: 'file-end';
      /** The path the main thread sent. */
      readonly file: string;
      readonly summary: Omit<FileReadSummary, 'error'> & { readonly error?: SerializedError };
      /** The worker's cumulative engine counters. */
      readonly stats: HuntEngineStats;
      readonly failures: readonly RuleFailure[];
    }
  | { readonly type: 'crash'; readonly file: string; readonly message: string };
