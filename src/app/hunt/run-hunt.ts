/**
 * The hunt use case: expands the input paths, loads rules (and IOCs), then hunts every file — in this thread,
 * helped by N-1 worker threads taking files from the same queue — streaming findings to the caller as they are
 * produced, feeding correlation rules in time order at the end, and returning per-file counts, engine counters
 * and a findings summary. One unreadable file, record or rule is reported and counted; the hunt goes on.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import {
  type Finding,
  type FindingLevel,
  FindingSummarizer,
  type FindingSummary,
} from '../../core/findings/index.js';
import {
  addHuntStats,
  CorrelationFeeder,
  type CorrelationInput,
  compileIocMatcher,
  HuntEngine,
  type HuntEngineStats,
  type IocEntry,
  type LogFormat,
  type RecordSource,
  type RuleFailure,
} from '../../core/hunt/index.js';
import { type Issue, locatedMessage, StormwatchError } from '../../core/shared/index.js';
import { createCorrelationEngine } from '../../core/sigma/index.js';
import { defaultRuleCacheDir, type LoadedRules, loadRuleFilesCached } from '../sigma/index.js';
import { huntFile, YIELD_MS } from './hunt-file.js';
import { HuntWorkerPool, IO_LANES, type QueuedFile } from './hunt-pool.js';
import { listHuntRuleFiles, loadHuntRuleSet } from './hunt-rules.js';
import { type FileReadSummary, listLogFiles } from './inputs/index.js';

export interface HuntProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  readonly findings: number;
  readonly elapsedMs: number;
}

export interface HuntOptions {
  readonly paths: readonly string[];
  /** Rule files/folders replacing the shipped `rules/`. */
  readonly rules?: readonly string[];
  readonly pipelines?: readonly string[];
  readonly minLevel?: FindingLevel;
  /** Indicators to sweep for (see `loadIocFiles`). */
  readonly iocs?: readonly IocEntry[];
  /**
   * Hunting threads (default 1 = this thread; N: this thread plus N-1 workers taking files from the same
   * queue once they have compiled the rules). `'auto'`: one per `CORES_PER_HUNT_THREAD` cores (one on a
   * 2-core machine), and one per `BYTES_PER_HUNT_THREAD` of input at most — a worker costs about a second of
   * CPU to start (rule compile, warm-up), so a small input is hunted in this thread (`HuntRulesInfo.threads`
   * tells what was used).
   */
  readonly threads?: number | 'auto';
  /**
   * Folder of the parsed-rule cache (`loadRuleFilesCached`; default `defaultRuleCacheDir()`: saves the YAML
   * parse, ~1 s for the SigmaHQ rules); null: parse every time.
   */
  readonly ruleCache?: string | null;
  /** Literal prefilter (default true). */
  readonly prefilter?: boolean;
  /** Descend into sub-folders (default true). */
  readonly recursive?: boolean;
  readonly format?: LogFormat | 'auto';
  /** Each finding as soon as it is produced (correlation findings arrive at the end). */
  readonly onFinding?: (f: Finding) => void;
  /**
   * Backpressure for `onFinding`: asked every 10 ms of hunting in this thread; the hunt waits for the
   * promise it returns (e.g. until a pipe to a slower reader has room), so findings never pile up in memory.
   */
  readonly findingsReady?: () => Promise<void>;
  readonly onProgress?: (p: HuntProgress) => void;
  readonly onFileEnd?: (s: FileReadSummary) => void;
  /** Each bad record (with its file/offset/line). */
  readonly onRecordError?: (e: StormwatchError, source: RecordSource) => void;
  /** Called once rules are loaded, before any file is read. */
  readonly onRulesLoaded?: (info: HuntRulesInfo) => void;
}

export interface HuntRulesInfo {
  readonly ruleFiles: number;
  readonly rules: number;
  readonly correlations: number;
  readonly failed: number;
  readonly issues: readonly Issue[];
  /**
   * Hunting threads used: this one plus helper workers (1 when the worker script is unavailable, e.g. running
   * TS sources, or when standard input is read).
   */
  readonly threads: number;
  /** Whether the parsed rules came from the rule cache (`HuntOptions.ruleCache`). */
  readonly ruleCacheHit: boolean;
}

export interface HuntResult {
  readonly rules: HuntRulesInfo;
  readonly files: readonly FileReadSummary[];
  readonly records: { readonly read: number; readonly bad: number };
  readonly stats: HuntEngineStats;
  readonly ruleFailures: readonly RuleFailure[];
  readonly summary: FindingSummary;
  readonly correlation: { readonly fed: number; readonly earlyBatches: number };
  readonly elapsedMs: number;
}

/** URL of the built worker script, or undefined when only TypeScript sources are present. */
export function huntWorkerScript(): URL | undefined {
  const url = new URL('./hunt-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Input bytes that justify one more hunting thread. A worker costs ~1–1.5 s of CPU to start (deserialising the
 * parsed rules, compiling ~2,400 rules, JIT warm-up), about the work of hunting 40–50 MB of typical EVTX; a
 * worker only shortens the hunt when it takes over more than that, so below ~2× the hunt stays in one thread.
 */
export const BYTES_PER_HUNT_THREAD = 128 * 2 ** 20;
/**
 * Cores one hunting thread keeps busy: V8 compiles and collects garbage for it on helper threads (measured:
 * 1.3 cores in steady state, more while warming up). `'auto'` starts no more hunting threads than the cores
 * can carry: on two cores, one — a second one measured no faster even over 400,000 events, and its rule set
 * and automata cost ~180 MB more.
 */
export const CORES_PER_HUNT_THREAD = 1.3;
/** Assumed expansion of `.gz` inputs when weighing them. */
const GZIP_RATIO = 8;

/** Runs a hunt. Throws only for usage problems (no rule at all, a broken --pipeline file). */
export async function runHunt(options: HuntOptions): Promise<HuntResult> {
  const t0 = performance.now();
  const ruleFiles = listHuntRuleFiles(options.rules && options.rules.length > 0 ? options.rules : undefined);
  const pipelineFiles = options.pipelines ?? [];
  const minLevel = options.minLevel ?? 'informational';
  const prefilter = options.prefilter !== false;
  const iocs = options.iocs ?? [];
  const auto = options.threads === 'auto';
  const wantThreads = auto
    ? Math.max(1, Math.floor(availableParallelism() / CORES_PER_HUNT_THREAD))
    : Math.max(1, Math.floor((options.threads as number | undefined) ?? 1));

  // Files first (sizes for the ETA); listing errors count as unreadable files.
  const files: { file: string; size: number }[] = [];
  const summaries: FileReadSummary[] = [];
  for await (const entry of listLogFiles(options.paths, { recursive: options.recursive ?? true })) {
    if ('error' in entry) {
      const s: FileReadSummary = {
        file: entry.file,
        format: undefined,
        reason: 'not readable',
        compressed: false,
        good: 0,
        bad: 1,
        error: entry.error,
      };
      summaries.push(s);
      options.onFileEnd?.(s);
      continue;
    }
    files.push({ file: entry.file, size: 'size' in entry ? (entry.size ?? 0) : 0 });
  }
  // Standard input can only be read by this thread; with 'auto' small inputs are hunted here too.
  const inputBytes = files.reduce((a, f) => a + (/\.gz$/i.test(f.file) ? f.size * GZIP_RATIO : f.size), 0);
  const usefulThreads = auto
    ? Math.min(wantThreads, Math.max(1, Math.ceil(inputBytes / BYTES_PER_HUNT_THREAD)))
    : wantThreads;
  const script = usefulThreads > 1 && !options.paths.includes('-') ? huntWorkerScript() : undefined;
  const threads = script ? usefulThreads : 1;

  // Rules: parsed and compiled here, where hunting starts at once; helper workers (threads > 1) compile the
  // same parsed files, v8-serialized (deserializing costs a sixth of parsing the YAML again), while this
  // thread already hunts. Correlations are fed here.
  // `parsed` is dropped once handed to the workers (below): nothing else may keep it, so no object holds it.
  let parsed: LoadedRules | undefined;
  let fromCache = false;
  ({ loaded: parsed, fromCache } = loadRuleFilesCached(
    ruleFiles,
    options.ruleCache === undefined ? defaultRuleCacheDir() : options.ruleCache,
  ));
  const loaded = loadHuntRuleSet(ruleFiles, pipelineFiles, parsed);
  const corrRefs = loaded.set.createCorrelationEngine();
  const engine = new HuntEngine(loaded.set.rules, {
    prefilter,
    minLevel,
    ioc: iocs.length > 0 ? compileIocMatcher(iocs) : null,
    correlations: corrRefs.referenced.size > 0 ? corrRefs : null,
  });
  const correlations = [...loaded.set.correlations];
  const rulesInfo: HuntRulesInfo = {
    ruleFiles: loaded.files,
    rules: loaded.set.rules.length,
    correlations: correlations.length,
    failed: loaded.failed.length,
    issues: loaded.issues,
    threads,
    ruleCacheHit: fromCache,
  };
  if (rulesInfo.rules === 0 && rulesInfo.correlations === 0) {
    // Say why: rules that parsed but did not compile (an unsupported regex, an unresolved placeholder) or did
    // not parse, the first few with their location.
    const why = loaded.issues.filter((i) => i.severity === 'error');
    const shown = why.slice(0, 3).map(locatedMessage);
    throw new StormwatchError({
      code: 'hunt.no-rules',
      kind: 'usage',
      message:
        why.length > 0
          ? `no usable Sigma rule in ${options.rules?.join(', ') || 'the shipped rules/ folder'}: ${loaded.files} file(s) read, ${why.length} problem(s): ${shown.join('; ')}${why.length > shown.length ? '; …' : ''}`
          : `no Sigma rule loaded from ${options.rules?.join(', ') || 'the shipped rules/ folder'}`,
      hint: 'give --rules a Sigma rule file or a folder of rules; `stormwatch rules lint <path>` lists every problem',
    });
  }
  const known = loaded.set.rules.map((r) => ({ id: r.id, name: r.name }));
  // Tags of referenced rules by id and by name (correlations may reference either), for untagged correlations.
  const ruleTags = new Map<string, readonly string[]>();
  for (const r of loaded.set.rules) {
    ruleTags.set(r.id, r.tags);
    if (r.name) ruleTags.set(r.name, r.tags);
  }
  const feeder = new CorrelationFeeder(createCorrelationEngine(correlations, known).engine, {
    minLevel,
    ruleTags,
  });
  options.onRulesLoaded?.(rulesInfo);

  const summarizer = new FindingSummarizer();
  let records = 0;
  let bad = 0;
  let filesDone = 0;
  let bytesDone = 0;
  const bytesTotal = files.reduce((a, f) => a + f.size, 0);
  const filesTotal = files.length + summaries.length; // summaries so far: paths that could not be listed
  let findings = 0;
  const emit = (f: Finding) => {
    findings++;
    summarizer.add(f);
    options.onFinding?.(f);
  };
  const onCorrelation = (input: CorrelationInput) => {
    for (const f of feeder.add(input)) emit(f);
  };
  const progress = () =>
    options.onProgress?.({
      filesDone,
      filesTotal,
      bytesDone,
      bytesTotal,
      records,
      findings,
      elapsedMs: performance.now() - t0,
    });
  let lastProgress = 0;
  const tick = () => {
    const now = performance.now();
    if (now - lastProgress >= 100) {
      lastProgress = now;
      progress();
    }
  };
  const fileDone = (s: FileReadSummary, size: number) => {
    summaries.push(s);
    filesDone++;
    bytesDone += size;
    options.onFileEnd?.(s);
    progress();
  };
  for (const s of summaries) if (s.error) bad += s.bad;
  filesDone = summaries.length;

  const ruleFailures: RuleFailure[] = [];
  // One queue of files for this thread's lanes and the helper workers: each takes the next file when it has
  // finished one, so the threads stay busy until the end whatever the files' sizes.
  const queue: QueuedFile[] = [...files];
  // With helpers, largest files first: the hunt then ends on small files, and no thread waits long for another.
  if (script) queue.sort((a, b) => b.size - a.size);
  const take = (): QueuedFile | undefined => queue.shift();
  const pool =
    script && queue.length > 1
      ? new HuntWorkerPool(
          script,
          {
            ruleFiles,
            pipelineFiles,
            prefilter,
            minLevel,
            iocs,
            ...(options.format ? { format: options.format } : {}),
          },
          new Uint8Array(serialize(parsed!)),
          take,
          {
            finding: emit,
            correlation: onCorrelation,
            recordError: (e, source) => options.onRecordError?.(e, source),
            progress: (n) => {
              records += n;
              tick();
            },
            fileEnd: (s, size) => {
              bad += s.bad;
              fileDone(s, size);
            },
            failures: (f) => ruleFailures.push(...f),
          },
        )
      : undefined;
  // The parsed rules (about a quarter of the rule set's heap) are needed no more: a suspended async function
  // keeps its variables alive, and this one is suspended for the whole hunt.
  parsed = undefined;
  pool?.start(threads - 1);
  // A few files in flight at once: while one waits (a `.gz` file's decompression, standard input), another's
  // records are hunted (one thread, so the engine still sees one event at a time).
  const lane = async (): Promise<void> => {
    for (let f = take(); f; f = take()) {
      const s = await huntFile(
        f.file,
        engine,
        {
          finding: emit,
          correlation: onCorrelation,
          recordError: (e, source) => {
            options.onRecordError?.(e, source);
          },
          progress: (n) => {
            records += n;
            tick();
          },
        },
        {
          ...(options.format ? { format: options.format } : {}),
          yieldMs: YIELD_MS,
          ...(options.findingsReady ? { ready: options.findingsReady } : {}),
        },
      );
      bad += s.bad;
      fileDone(s, f.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IO_LANES, Math.max(1, files.length)) }, lane));
  await pool?.close();
  const stats: HuntEngineStats = { ...engine.stats };
  ruleFailures.push(...engine.failures);
  if (pool) addHuntStats(stats, pool.totals());
  for (const f of feeder.finish()) emit(f);
  const read = summaries.reduce((a, s) => a + s.good, 0);
  records = read + bad;
  progress();
  return {
    rules: rulesInfo,
    files: summaries,
    records: { read, bad },
    stats,
    ruleFailures,
    summary: summarizer.summary(),
    correlation: { fed: feeder.fed, earlyBatches: feeder.earlyBatches },
    elapsedMs: performance.now() - t0,
  };
}
