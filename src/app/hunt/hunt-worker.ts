/**
 * Worker thread body of a multi-threaded hunt: receives the main thread's parsed rule files (v8-serialized, in
 * a transferred buffer that is freed once read), compiles the rule set and IOC matcher once, then hunts the files
 * the main thread sends, posting findings, correlation inputs, bad records and progress back in batches. Loaded
 * only from built JavaScript (dist/).
 */
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../../core/findings/index.js';
import { compileIocMatcher, HuntEngine } from '../../core/hunt/index.js';
import { markLoaded } from '../runtime/index.js';
import type { LoadedRules } from '../sigma/index.js';
import { huntFile, YIELD_MS } from './hunt-file.js';
import { loadHuntRuleSet } from './hunt-rules.js';
import type { MainToWorker, WorkerInit, WorkerToMain } from './worker-protocol.js';

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  markLoaded(init.loaded);
  const post = (m: WorkerToMain) => port.postMessage(m);
  // The parsed rules come as the first message (not in workerData, which would keep them for the worker's life).
  let parsed: LoadedRules | undefined = await new Promise<LoadedRules>((resolve) => {
    const onRules = (m: MainToWorker) => {
      if (m.type !== 'rules') return;
      port.off('message', onRules);
      resolve(deserialize(m.parsed) as LoadedRules);
    };
    port.on('message', onRules);
  });
  const rules = loadHuntRuleSet(init.ruleFiles, init.pipelineFiles, parsed);
  // The compiled set keeps no reference to the parsed rules; this module scope would, for the worker's life.
  parsed = undefined;
  const corr = rules.set.createCorrelationEngine();
  const engine = new HuntEngine(rules.set.rules, {
    prefilter: init.prefilter,
    minLevel: init.minLevel,
    ioc: init.iocs.length > 0 ? compileIocMatcher(init.iocs) : null,
    correlations: corr.referenced.size > 0 ? corr : null,
  });
  post({
    type: 'ready',
    ruleFiles: rules.files,
    compiled: rules.set.rules.length,
    failed: rules.failed.length,
    issues: rules.issues,
    correlations: rules.set.correlations,
    known: rules.set.rules.map((r) => ({ id: r.id, name: r.name })),
  });
  let batch: Finding[] = [];
  const flush = () => {
    if (batch.length > 0) post({ type: 'findings', findings: batch });
    batch = [];
  };
  port.on('message', async (m: MainToWorker) => {
    if (m.type !== 'file') return;
    try {
      const summary = await huntFile(
        m.file,
        engine,
        {
          finding: (f) => {
            batch.push(f);
            if (batch.length >= 256) flush();
          },
          correlation: (input) => post({ type: 'correlation', input }),
          recordError: (error, source) => post({ type: 'record-error', error: error.toJSON(), source }),
          progress: (records) => {
            flush();
            post({ type: 'progress', records });
          },
        },
        { ...(init.format ? { format: init.format } : {}), yieldMs: YIELD_MS },
      );
      flush();
      const { error, ...rest } = summary;
      post({
        type: 'file-end',
        file: m.file,
        summary: { ...rest, ...(error ? { error: error.toJSON() } : {}) },
        stats: { ...engine.stats },
        failures: engine.failures.splice(0),
      });
    } catch (e) {
      flush();
      post({ type: 'crash', file: m.file, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
