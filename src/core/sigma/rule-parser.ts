/**
 * Parses Sigma YAML (multi-document; rule collections with `action: global|reset|repeat`) into the typed
 * model, validating every document against the rules, correlation and filter specifications v2.1 (and their
 * JSON schemas). Never throws: each bad document yields issues with `file:line:col`, the others still load.
 */
import type { Issue } from '../shared/index.js';
import { parseCorrelation } from './correlation-parser.js';
import { parseDetection } from './detection-parser.js';
import { Ctx, err } from './parse-context.js';
import type { AnySigmaRule, SigmaLevel, SigmaLogsource, SigmaStatus } from './rule-model.js';
import {
  entry,
  loc,
  mergeMaps,
  parseYamlDocuments,
  type SourcePos,
  toPlain,
  type YMap,
} from './yaml-source.js';

export interface ParseRulesOptions {
  /** File name used in issue locations. */
  readonly file: string;
}

export interface ParseRulesResult {
  readonly rules: AnySigmaRule[];
  /** Errors (documents that did not load) and warnings, each with file:line:col. */
  readonly issues: Issue[];
}

const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);
const STATUSES = new Set(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
const RELATED_TYPES = new Set(['derived', 'obsolete', 'merged', 'renamed', 'similar']);
const DATE = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$/;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;

/** Parses every document of a Sigma YAML text. */
export function parseRules(text: string, options: ParseRulesOptions): ParseRulesResult {
  const file = options.file;
  const issues: Issue[] = [];
  const rules: AnySigmaRule[] = [];
  let global: YMap | null = null;
  let previous: YMap | null = null;
  for (const doc of parseYamlDocuments(text, file)) {
    issues.push(...doc.issues);
    if (doc.issues.some((i) => i.severity === 'error')) continue;
    const root = doc.root;
    if (root === null) continue; // empty document (e.g. a trailing `---`)
    if (root.kind !== 'map') {
      issues.push(err('sigma.rule.not-a-map', 'a Sigma document must be a YAML map', file, root.pos));
      continue;
    }
    const action = entry(root, 'action');
    let effective: YMap = root;
    if (action) {
      const a = action.value.kind === 'scalar' ? action.value.value : null;
      const rest: YMap = { ...root, entries: root.entries.filter((e) => e.key !== 'action') };
      if (a === 'global') {
        global = global ? mergeMaps(global, rest) : rest;
        continue;
      }
      if (a === 'reset') {
        global = null;
        previous = null;
        continue;
      }
      if (a === 'repeat') {
        if (!previous) {
          issues.push(
            err(
              'sigma.collection.repeat',
              '`action: repeat` without a previous rule document',
              file,
              action.keyPos,
            ),
          );
          continue;
        }
        effective = mergeMaps(previous, rest);
      } else {
        issues.push(
          err(
            'sigma.collection.action',
            `unknown collection action ${JSON.stringify(a)} (global, reset or repeat)`,
            file,
            action.value.pos,
          ),
        );
        continue;
      }
    } else if (global) effective = mergeMaps(global, root);
    previous = effective;
    const before = issues.length;
    const rule = parseDocument(effective, file, issues, doc.pos);
    if (rule && !issues.slice(before).some((i) => i.severity === 'error')) rules.push(rule);
  }
  return { rules, issues };
}
function parseDocument(map: YMap, file: string, issues: Issue[], docPos: SourcePos) {
  const c = new Ctx(file, issues);
  const isCorrelation = entry(map, 'correlation') !== undefined;
  const isFilter =
    !isCorrelation && entry(map, 'filter') !== undefined && entry(map, 'detection') === undefined;
  const title = c.str(map, 'title', 256);
  if (entry(map, 'title') === undefined) c.error('sigma.rule.title', 'missing required `title`', map.pos);
  const id = c.str(map, 'id', undefined, UUID, 'a UUID');
  const name = c.str(map, 'name', 256);
  c.str(map, 'taxonomy', 256);
  const description = c.str(map, 'description', 65535);
  c.str(map, 'license');
  const author = c.str(map, 'author');
  const date = c.str(map, 'date', undefined, DATE, 'a YYYY-MM-DD date');
  const modified = c.str(map, 'modified', undefined, DATE, 'a YYYY-MM-DD date');
  const status = c.str(map, 'status') as SigmaStatus | undefined;
  if (status !== undefined && !STATUSES.has(status))
    c.error(
      'sigma.rule.status',
      `unknown status ${JSON.stringify(status)} (${[...STATUSES].join(', ')})`,
      entry(map, 'status')?.value.pos,
    );
  const level = c.str(map, 'level') as SigmaLevel | undefined;
  if (level !== undefined && !LEVELS.has(level))
    c.error(
      'sigma.rule.level',
      `unknown level ${JSON.stringify(level)} (${[...LEVELS].join(', ')})`,
      entry(map, 'level')?.value.pos,
    );
  const references = c.strList(map, 'references', { unique: true });
  const tags = c.strList(map, 'tags', {
    unique: true,
    pattern: TAG,
    what: 'a namespaced tag (namespace.value, lowercase)',
  });
  const falsepositives = c.strList(map, 'falsepositives', {
    unique: true,
    minLength: 2,
    allowScalar: isCorrelation,
  });
  c.strList(map, 'scope', { minLength: 2 });
  parseRelated(map, c);
  const base = {
    title: title ?? '',
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(author !== undefined ? { author } : {}),
    ...(date !== undefined ? { date } : {}),
    ...(modified !== undefined ? { modified } : {}),
    tags,
    references,
    falsepositives,
    location: loc(file, docPos),
    source: toPlain(map) as Record<string, unknown>,
  };
  if (isCorrelation) {
    const corr = parseCorrelation(map, c);
    const generate = entry(map, 'generate');
    let gen = false;
    if (generate) {
      if (generate.value.kind === 'scalar' && typeof generate.value.value === 'boolean')
        gen = generate.value.value;
      else c.error('sigma.field.type', '`generate` must be true or false', generate.value.pos);
    }
    return corr ? { ...base, type: 'correlation' as const, correlation: corr, generate: gen } : null;
  }
  const logsource = parseLogsource(map, c);
  if (isFilter) {
    const f = entry(map, 'filter')!;
    if (f.value.kind !== 'map') {
      c.error('sigma.filter.type', '`filter` must be a map with rules, selection and condition', f.value.pos);
      return null;
    }
    const rulesEntry = entry(f.value, 'rules');
    let rules: string[] = [];
    if (!rulesEntry)
      c.error('sigma.filter.rules', '`filter.rules` is required (the rule ids or names to filter)', f.keyPos);
    else {
      rules = c.strList(f.value, 'rules', { unique: true });
      if (rules.length === 0)
        c.error('sigma.filter.rules', '`filter.rules` must list at least one rule', rulesEntry.value.pos);
    }
    if (!entry(f.value, 'selection'))
      c.error('sigma.filter.selection', '`filter.selection` is required', f.keyPos);
    const detection = parseDetection(
      { ...f.value, entries: f.value.entries.filter((e) => e.key !== 'rules') },
      c,
      'filter',
    );
    return logsource && detection
      ? { ...base, type: 'filter' as const, logsource, filter: { rules, detection } }
      : null;
  }
  const det = entry(map, 'detection');
  if (!det) {
    c.error('sigma.rule.detection', 'missing required `detection`', map.pos);
    return null;
  }
  if (det.value.kind !== 'map') {
    c.error(
      'sigma.rule.detection',
      '`detection` must be a map of search identifiers and a condition',
      det.value.pos,
    );
    return null;
  }
  const detection = parseDetection(det.value, c, 'detection');
  const fields = c.strList(map, 'fields', { unique: true });
  return logsource && detection ? { ...base, type: 'rule' as const, logsource, detection, fields } : null;
}

function parseRelated(map: YMap, c: Ctx): void {
  const e = entry(map, 'related');
  if (!e) return;
  if (e.value.kind !== 'seq') {
    c.error('sigma.field.type', '`related` must be a list of {id, type}', e.value.pos);
    return;
  }
  for (const item of e.value.items) {
    if (item.kind !== 'map') {
      c.error('sigma.field.type', '`related` items must be maps with `id` and `type`', item.pos);
      continue;
    }
    if (!entry(item, 'id')) c.error('sigma.related.id', '`related` item without `id`', item.pos);
    else c.str(item, 'id', undefined, UUID, 'a UUID');
    const t = c.str(item, 'type');
    if (t === undefined) c.error('sigma.related.type', '`related` item without `type`', item.pos);
    else if (!RELATED_TYPES.has(t))
      c.error(
        'sigma.related.type',
        `unknown related type ${JSON.stringify(t)} (${[...RELATED_TYPES].join(', ')})`,
        entry(item, 'type')?.value.pos,
      );
  }
}

function parseLogsource(map: YMap, c: Ctx): SigmaLogsource | null {
  const e = entry(map, 'logsource');
  if (!e) {
    c.error('sigma.rule.logsource', 'missing required `logsource`', map.pos);
    return null;
  }
  if (e.value.kind !== 'map') {
    c.error('sigma.rule.logsource', '`logsource` must be a map (category, product, service)', e.value.pos);
    return null;
  }
  const out: Record<string, string> = {};
  for (const k of ['category', 'product', 'service', 'definition']) {
    const v = c.str(e.value, k);
    if (v !== undefined) out[k] = v;
  }
  return out as SigmaLogsource;
}

/** Parses detection maps (rules) and `filter` maps (filters). */
