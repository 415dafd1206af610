/**
 * Processing pipelines as data (in the spirit of pySigma's): YAML files that decide, per rule logsource,
 * which events a rule sees (Channel / EventID / Provider selectors plus extra field conditions) and how
 * Sigma field names map onto event field names; plus placeholder values for `expand` and value replacements.
 * Format: docs/sigma.md "Processing pipelines".
 */
import type { Issue } from '../shared/index.js';
import type { SigmaLogsource } from './rule-model.js';
import { entry, loc, parseYamlDocuments, toPlain, type YMap } from './yaml-source.js';

/** One `logsources:` entry: when a rule's logsource matches, the rule reads these events. */
export interface PipelineLogsource {
  /** Unique name; a later pipeline's entry with the same name replaces this one. */
  readonly name: string;
  /** Every key given here must equal the rule's logsource value (case-insensitive). */
  readonly logsource: SigmaLogsource;
  /** Also require that the rule's logsource has no other category/product/service key. */
  readonly exact: boolean;
  readonly channels: readonly string[];
  readonly eventIds: readonly number[];
  readonly providers: readonly string[];
  /** Extra event conditions (field → accepted values, case-insensitive), e.g. Sysmon `EventType: CreateKey`. */
  readonly conditions: ReadonlyMap<string, readonly (string | number)[]>;
  /** Sigma field → event field(s), for this log source only. */
  readonly fieldMappings: ReadonlyMap<string, readonly string[]>;
  /** The pipeline that defined it (for reports). */
  readonly pipeline: string;
}

export interface ValueReplacement {
  /** Sigma fields it applies to (empty: every field). */
  readonly fields: readonly string[];
  readonly from: string;
  readonly to: string;
}

export interface ProcessingPipeline {
  readonly name: string;
  /** Lower runs first; user pipelines default to 100 (after the built-ins). */
  readonly priority: number;
  readonly description?: string;
  readonly logsources: readonly PipelineLogsource[];
  /** Sigma field → event field(s), for every rule. */
  readonly fieldMappings: ReadonlyMap<string, readonly string[]>;
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
  readonly placeholderFallback: 'reject' | 'wildcard' | null;
  readonly valueReplacements: readonly ValueReplacement[];
  readonly file: string;
}

const ENTRY_KEYS = new Set([
  'name',
  'logsource',
  'exact',
  'channel',
  'event_id',
  'provider',
  'conditions',
  'field_mappings',
]);

/** Parses one pipeline YAML file. Issues carry file:line:col; `pipeline` is null when it has errors. */
export function parsePipeline(
  text: string,
  options: { file: string; defaultPriority?: number },
): { pipeline: ProcessingPipeline | null; issues: Issue[] } {
  const file = options.file;
  const issues: Issue[] = [];
  const docs = parseYamlDocuments(text, file);
  for (const d of docs) issues.push(...d.issues);
  const root = docs.find((d) => d.root !== null)?.root ?? null;
  const bad = (
    code: string,
    message: string,
    pos: { line: number; col: number; offset: number } | undefined,
  ) => issues.push({ code, message, severity: 'error', location: loc(file, pos) });
  if (issues.some((i) => i.severity === 'error')) return { pipeline: null, issues };
  if (root?.kind !== 'map') {
    bad(
      'sigma.pipeline.type',
      'a processing pipeline must be a YAML map (name, logsources, field_mappings…)',
      root?.pos,
    );
    return { pipeline: null, issues };
  }
  const plain = toPlain(root) as Record<string, unknown>;
  const known = new Set([
    'name',
    'priority',
    'description',
    'logsources',
    'field_mappings',
    'placeholders',
    'placeholder_fallback',
    'value_replacements',
  ]);
  for (const e of root.entries)
    if (!known.has(e.key))
      bad('sigma.pipeline.key', `unknown pipeline key \`${e.key}\` (${[...known].join(', ')})`, e.keyPos);
  const name = typeof plain.name === 'string' ? plain.name : file;
  const priority = typeof plain.priority === 'number' ? plain.priority : (options.defaultPriority ?? 100);
  const fieldMappings = mappingOf(root, 'field_mappings', file, issues);
  const placeholders = new Map<string, string[]>();
  const ph = entry(root, 'placeholders');
  if (ph) {
    if (ph.value.kind !== 'map')
      bad('sigma.pipeline.placeholders', '`placeholders` must map names to value lists', ph.value.pos);
    else
      for (const p of ph.value.entries) {
        const v = toPlain(p.value);
        const list = Array.isArray(v) ? v : [v];
        if (list.some((x) => typeof x !== 'string' && typeof x !== 'number'))
          bad(
            'sigma.pipeline.placeholders',
            `placeholder \`${p.key}\` must be a string or a list of strings`,
            p.value.pos,
          );
        else placeholders.set(p.key, list.map(String));
      }
  }
  let placeholderFallback: 'reject' | 'wildcard' | null = null;
  if (plain.placeholder_fallback !== undefined) {
    if (plain.placeholder_fallback === 'reject' || plain.placeholder_fallback === 'wildcard')
      placeholderFallback = plain.placeholder_fallback;
    else
      bad(
        'sigma.pipeline.placeholder-fallback',
        '`placeholder_fallback` must be `reject` or `wildcard`',
        entry(root, 'placeholder_fallback')?.value.pos,
      );
  }
  const logsources: PipelineLogsource[] = [];
  const ls = entry(root, 'logsources');
  if (ls) {
    if (ls.value.kind !== 'seq')
      bad('sigma.pipeline.logsources', '`logsources` must be a list', ls.value.pos);
    else
      ls.value.items.forEach((item, i) => {
        if (item.kind !== 'map') {
          bad('sigma.pipeline.logsources', '`logsources` items must be maps', item.pos);
          return;
        }
        for (const e of item.entries)
          if (!ENTRY_KEYS.has(e.key))
            bad(
              'sigma.pipeline.key',
              `unknown logsource entry key \`${e.key}\` (${[...ENTRY_KEYS].join(', ')})`,
              e.keyPos,
            );
        const p = toPlain(item) as Record<string, unknown>;
        const lsv = p.logsource;
        if (!lsv || typeof lsv !== 'object' || Array.isArray(lsv)) {
          bad(
            'sigma.pipeline.logsource',
            'each entry needs `logsource:` {category, product, service}',
            item.pos,
          );
          return;
        }
        const cond = new Map<string, (string | number)[]>();
        const conds = p.conditions;
        if (conds !== undefined) {
          if (!conds || typeof conds !== 'object' || Array.isArray(conds))
            bad(
              'sigma.pipeline.conditions',
              '`conditions` must map field names to values',
              entry(item, 'conditions')?.value.pos,
            );
          else
            for (const [k, v] of Object.entries(conds))
              cond.set(
                k,
                (Array.isArray(v) ? v : [v]).filter(
                  (x): x is string | number => typeof x === 'string' || typeof x === 'number',
                ),
              );
        }
        const eventIds = listOf(p.event_id).map(Number);
        if (eventIds.some((n) => !Number.isInteger(n)))
          bad(
            'sigma.pipeline.event-id',
            '`event_id` must be an integer or a list of integers',
            entry(item, 'event_id')?.value.pos,
          );
        logsources.push({
          name: typeof p.name === 'string' ? p.name : `${name}#${i}`,
          logsource: Object.fromEntries(
            Object.entries(lsv as Record<string, unknown>).filter(
              ([k, v]) => ['category', 'product', 'service'].includes(k) && typeof v === 'string',
            ),
          ) as SigmaLogsource,
          exact: p.exact === true,
          channels: listOf(p.channel).map(String),
          eventIds,
          providers: listOf(p.provider).map(String),
          conditions: cond,
          fieldMappings: mappingOf(item, 'field_mappings', file, issues),
          pipeline: name,
        });
      });
  }
  const valueReplacements: ValueReplacement[] = [];
  const vr = entry(root, 'value_replacements');
  if (vr) {
    const v = toPlain(vr.value);
    if (!Array.isArray(v))
      bad(
        'sigma.pipeline.value-replacements',
        '`value_replacements` must be a list of {fields, from, to}',
        vr.value.pos,
      );
    else
      for (const r of v) {
        const o = r as Record<string, unknown>;
        if (typeof o?.from !== 'string' || typeof o.to !== 'string' || o.from === '')
          bad(
            'sigma.pipeline.value-replacements',
            'each value replacement needs non-empty `from` and a `to` string',
            vr.value.pos,
          );
        else valueReplacements.push({ fields: listOf(o.fields).map(String), from: o.from, to: o.to });
      }
  }
  if (issues.some((i) => i.severity === 'error')) return { pipeline: null, issues };
  return {
    pipeline: {
      name,
      priority,
      ...(typeof plain.description === 'string' ? { description: plain.description } : {}),
      logsources,
      fieldMappings,
      placeholders,
      placeholderFallback,
      valueReplacements,
      file,
    },
    issues,
  };
}

function listOf(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function mappingOf(map: YMap, key: string, file: string, issues: Issue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const e = entry(map, key);
  if (!e) return out;
  if (e.value.kind !== 'map') {
    issues.push({
      code: 'sigma.pipeline.field-mappings',
      message: `\`${key}\` must map Sigma fields to event fields`,
      severity: 'error',
      location: loc(file, e.value.pos),
    });
    return out;
  }
  for (const m of e.value.entries) {
    const v = toPlain(m.value);
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || list.some((x) => typeof x !== 'string'))
      issues.push({
        code: 'sigma.pipeline.field-mappings',
        message: `mapping of \`${m.key}\` must be a field name or a list of names`,
        severity: 'error',
        location: loc(file, m.value.pos),
      });
    else out.set(m.key, list as string[]);
  }
  return out;
}

/** How one rule reads events under one matching pipeline entry (or none). */
export interface LogsourceVariant {
  /** The pipeline entry, or null when no pipeline maps the rule's logsource. */
  readonly source: PipelineLogsource | null;
  readonly fieldMappings: ReadonlyMap<string, readonly string[]>;
}

/** Pipelines merged in priority order. */
export interface PipelineSet {
  readonly pipelines: readonly ProcessingPipeline[];
  /** The variants a rule with this logsource is compiled for (≥ 1). */
  variantsFor(logsource: SigmaLogsource): LogsourceVariant[];
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
  readonly placeholderFallback: 'reject' | 'wildcard';
  valueReplacementsFor(field: string | null): readonly ValueReplacement[];
}

const eq = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

function entryMatches(e: PipelineLogsource, ls: SigmaLogsource): boolean {
  for (const k of ['category', 'product', 'service'] as const) {
    const want = e.logsource[k];
    if (want !== undefined && !eq(want, ls[k])) return false;
    if (want === undefined && e.exact && ls[k] !== undefined) return false;
  }
  return true;
}

/** Merges pipelines (stable by priority, then given order): later entries with the same name replace earlier ones. */
export function createPipelineSet(pipelines: readonly ProcessingPipeline[]): PipelineSet {
  const sorted = [...pipelines]
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.priority - b.p.priority || a.i - b.i)
    .map((x) => x.p);
  const byName = new Map<string, PipelineLogsource>();
  for (const p of sorted) for (const l of p.logsources) byName.set(l.name, l);
  const entries = [...byName.values()];
  const globalMap = new Map<string, readonly string[]>();
  const placeholders = new Map<string, readonly string[]>();
  let fallback: 'reject' | 'wildcard' = 'reject';
  const replacements: ValueReplacement[] = [];
  for (const p of sorted) {
    for (const [k, v] of p.fieldMappings) globalMap.set(k, v);
    for (const [k, v] of p.placeholders) placeholders.set(k, v);
    if (p.placeholderFallback) fallback = p.placeholderFallback;
    replacements.push(...p.valueReplacements);
  }
  const cache = new Map<string, LogsourceVariant[]>();
  return {
    pipelines: sorted,
    placeholders,
    placeholderFallback: fallback,
    variantsFor(ls) {
      const key = `${ls.category ?? ''}\u0000${ls.product ?? ''}\u0000${ls.service ?? ''}`.toLowerCase();
      const hit = cache.get(key);
      if (hit) return hit;
      const matching = entries.filter((e) => entryMatches(e, ls));
      const variants: LogsourceVariant[] =
        matching.length === 0
          ? [{ source: null, fieldMappings: globalMap }]
          : matching.map((e) => ({ source: e, fieldMappings: new Map([...globalMap, ...e.fieldMappings]) }));
      cache.set(key, variants);
      return variants;
    },
    valueReplacementsFor(field) {
      return replacements.filter(
        (r) => r.fields.length === 0 || (field !== null && r.fields.includes(field)),
      );
    },
  };
}
