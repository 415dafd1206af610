/**
 * Loads processing pipelines: the built-in ones shipped in `rules/pipelines/*.yml`, then the user's own
 * (`--pipeline <file>`, merged after the built-ins). A broken user pipeline is an input error naming file:line:col.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locatedMessage, StormwatchError } from '../../core/shared/index.js';
import {
  createPipelineSet,
  type PipelineSet,
  type ProcessingPipeline,
  parsePipeline,
} from '../../core/sigma/index.js';
import { rulesPath } from '../runtime/index.js';

function loadOne(path: string, defaultPriority: number): ProcessingPipeline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new StormwatchError({
      code: 'sigma.pipeline.read',
      kind: 'not-found',
      message: `cannot read processing pipeline ${path}`,
      location: { file: path },
      hint: 'check the --pipeline path',
      cause: e,
    });
  }
  const { pipeline, issues } = parsePipeline(text, { file: path, defaultPriority });
  if (!pipeline) {
    const first = issues.find((i) => i.severity === 'error') ?? issues[0];
    throw new StormwatchError({
      code: first?.code ?? 'sigma.pipeline.invalid',
      kind: 'input',
      // The first problem's location heads the message (rendered once by the caller); others carry their own.
      message: `invalid processing pipeline: ${issues.map((i) => (i === first ? i.message : locatedMessage(i))).join('; ')}`,
      ...(first?.location ? { location: first.location } : {}),
      hint: 'see docs/sigma.md "Processing pipelines" for the format',
    });
  }
  return pipeline;
}

/** The built-in pipelines (rules/pipelines/*.yml, by file name). */
export function builtinPipelines(dir: string = rulesPath('pipelines')): ProcessingPipeline[] {
  const files = readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort();
  return files.map((n) => loadOne(join(dir, n), 50));
}

/** Built-in pipelines plus the user's files (applied after them, default priority 100). */
export function loadPipelineSet(userFiles: readonly string[] = []): PipelineSet {
  return createPipelineSet([...builtinPipelines(), ...userFiles.map((f) => loadOne(f, 100))]);
}
