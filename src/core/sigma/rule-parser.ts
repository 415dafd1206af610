/**
 * Parses Sigma YAML (multi-document; rule collections with `action: global|reset|repeat`) into the typed
 * model, validating every document against the rules, correlation and filter specifications v2.1 (and their
 * JSON schemas). Never throws: each bad document yields issues with `file:line:col`, the others still load.
 */
import type { Issue } from '../shared/index.js';
import {
  ConditionSyntaxError,
  conditionReferences,
  identifierPatternMatcher,
  parseCondition,
} from './condition-parser.js';
import { MODIFIERS } from './modifiers.js';
import type {
  AnySigmaRule,
  CompareOp,
  CorrelationCondition,
  CorrelationType,
  Detection,
  DetectionItem,
  DetectionMap,
  RawValueItem,
  SearchIdentifier,
  SigmaLevel,
  SigmaLogsource,
  SigmaStatus,
} from './rule-model.js';
import {
  entry,
  loc,
  mergeMaps,
  parseYamlDocuments,
  type SourcePos,
  toPlain,
  type YMap,
  type YNode,
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
const CORRELATION_TYPES = new Set([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
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

function err(code: string, message: string, file: string, pos: SourcePos | undefined, path?: string): Issue {
  return { code, message, severity: 'error', location: loc(file, pos, path) };
}
function warn(code: string, message: string, file: string, pos: SourcePos | undefined, path?: string): Issue {
  return { code, message, severity: 'warning', location: loc(file, pos, path) };
}

class Ctx {
  constructor(
    readonly file: string,
    readonly issues: Issue[],
  ) {}
  error(code: string, message: string, pos: SourcePos | undefined, path?: string): void {
    this.issues.push(err(code, message, this.file, pos, path));
  }
  warning(code: string, message: string, pos: SourcePos | undefined, path?: string): void {
    this.issues.push(warn(code, message, this.file, pos, path));
  }
  str(map: YMap, key: string, max?: number, pattern?: RegExp, what?: string): string | undefined {
    const e = entry(map, key);
    if (!e) return undefined;
    const v = e.value;
    if (v.kind !== 'scalar' || typeof v.value !== 'string') {
      this.error('sigma.field.type', `\`${key}\` must be a string`, v.pos, key);
      return undefined;
    }
    if (max !== undefined && v.value.length > max)
      this.error('sigma.field.length', `\`${key}\` is longer than ${max} characters`, v.pos, key);
    if (pattern && !pattern.test(v.value))
      this.error(
        'sigma.field.format',
        `\`${key}\` ${JSON.stringify(v.value)} is not ${what ?? 'valid'}`,
        v.pos,
        key,
      );
    return v.value;
  }
  strList(
    map: YMap,
    key: string,
    opts: {
      unique?: boolean;
      minLength?: number;
      pattern?: RegExp;
      what?: string;
      allowScalar?: boolean;
    } = {},
  ): string[] {
    const e = entry(map, key);
    if (!e) return [];
    const v = e.value;
    if (v.kind === 'scalar' && opts.allowScalar && typeof v.value === 'string') return [v.value];
    if (v.kind !== 'seq') {
      this.error('sigma.field.type', `\`${key}\` must be a list of strings`, v.pos, key);
      return [];
    }
    const out: string[] = [];
    const seen = new Set<string>();
    v.items.forEach((item, i) => {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') {
        this.error('sigma.field.type', `\`${key}[${i}]\` must be a string`, item.pos, `${key}[${i}]`);
        return;
      }
      const s = item.value;
      if (opts.minLength !== undefined && s.length < opts.minLength)
        this.error(
          'sigma.field.length',
          `\`${key}[${i}]\` must have at least ${opts.minLength} characters`,
          item.pos,
        );
      if (opts.pattern && !opts.pattern.test(s))
        this.error(
          'sigma.field.format',
          `\`${key}[${i}]\` ${JSON.stringify(s)} is not ${opts.what ?? 'valid'}`,
          item.pos,
        );
      if (opts.unique && seen.has(s))
        this.error('sigma.field.duplicate', `\`${key}\` lists ${JSON.stringify(s)} twice`, item.pos);
      seen.add(s);
      out.push(s);
    });
    return out;
  }
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
function parseDetection(map: YMap, c: Ctx, what: string): Detection | null {
  const identifiers = new Map<string, SearchIdentifier>();
  const failed = new Set<string>();
  let ok = true;
  let condNode: YNode | undefined;
  for (const e of map.entries) {
    if (e.key === 'condition') {
      condNode = e.value;
      continue;
    }
    if (e.key === 'timeframe') {
      c.error(
        'sigma.condition.deprecated-aggregation',
        '`timeframe` belongs to the deprecated Sigma 1.0 aggregation syntax; rewrite the rule as a correlation rule',
        e.keyPos,
      );
      ok = false;
      continue;
    }
    const id = parseIdentifier(e.key, e.value, c, e.keyPos);
    if (id) identifiers.set(e.key, id);
    else {
      failed.add(e.key);
      ok = false;
    }
  }
  if (!condNode) {
    c.error('sigma.detection.condition', `\`${what}.condition\` is required`, map.pos);
    return null;
  }
  const condTexts: { text: string; pos: SourcePos; quoted: boolean }[] = [];
  if (condNode.kind === 'scalar' && typeof condNode.value === 'string')
    condTexts.push({ text: condNode.value, pos: condNode.pos, quoted: condNode.quoted });
  else if (condNode.kind === 'seq' && condNode.items.length > 0) {
    for (const item of condNode.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string')
        condTexts.push({ text: item.value, pos: item.pos, quoted: item.quoted });
      else c.error('sigma.detection.condition', 'condition list items must be strings', item.pos);
    }
  } else {
    c.error('sigma.detection.condition', '`condition` must be a string (or a list of strings)', condNode.pos);
    return null;
  }
  const conditions: Detection['conditions'][number][] = [];
  const names = [...identifiers.keys(), ...failed];
  for (const ct of condTexts) {
    try {
      const ast = parseCondition(ct.text);
      for (const ref of conditionReferences(ast)) {
        const shift = ref.col - 1 + (ct.quoted ? 1 : 0);
        const refPos = { line: ct.pos.line, col: ct.pos.col + shift, offset: ct.pos.offset + shift };
        if (ref.pattern) {
          const m = identifierPatternMatcher(ref.name);
          if (!names.some(m)) {
            c.error(
              'sigma.condition.unknown-identifier',
              `\`${ref.name}\` matches no search identifier`,
              refPos,
            );
            ok = false;
          }
        } else if (!identifiers.has(ref.name) && !failed.has(ref.name)) {
          c.error(
            'sigma.condition.unknown-identifier',
            `condition refers to \`${ref.name}\`, which is not defined in \`${what}\` (defined: ${names.join(', ') || 'none'})`,
            refPos,
          );
          ok = false;
        }
      }
      conditions.push({ text: ct.text, ast, pos: ct.pos });
    } catch (e) {
      if (e instanceof ConditionSyntaxError) {
        const shift = e.col - 1 + (ct.quoted ? 1 : 0);
        c.error(e.code, `condition: ${e.message}`, {
          line: ct.pos.line,
          col: ct.pos.col + shift,
          offset: ct.pos.offset + shift,
        });
        ok = false;
      } else throw e;
    }
  }
  if (condNode.kind === 'seq')
    c.warning(
      'sigma.condition.list',
      'a list of conditions is OR-linked (the JSON schema only allows a string)',
      condNode.pos,
    );
  return ok && conditions.length > 0 ? { identifiers, conditions } : null;
}

function parseIdentifier(name: string, node: YNode, c: Ctx, pos: SourcePos): SearchIdentifier | null {
  if (node.kind === 'map') {
    const m = parseMap(node, c);
    return m ? { name, alternatives: [m], pos } : null;
  }
  if (node.kind === 'seq') {
    const alternatives: DetectionMap[] = [];
    const keywords: RawValueItem[] = [];
    let ok = true;
    for (const item of node.items) {
      if (item.kind === 'map') {
        const m = parseMap(item, c);
        if (m) alternatives.push(m);
        else ok = false;
      } else if (item.kind === 'scalar') {
        if (
          item.value === null ||
          typeof item.value === 'boolean' ||
          (typeof item.value === 'number' && !Number.isInteger(item.value))
        ) {
          c.error(
            'sigma.detection.value',
            `keyword list items must be strings or integers, got ${JSON.stringify(item.value)}`,
            item.pos,
          );
          ok = false;
        } else keywords.push({ value: item.value, raw: item.raw, pos: item.pos });
      } else {
        c.error('sigma.detection.value', 'nested lists are not allowed in a search identifier', item.pos);
        ok = false;
      }
    }
    if (keywords.length > 0)
      alternatives.push({
        kind: 'map',
        items: [{ field: null, modifiers: [], values: keywords, pos: node.pos }],
        pos: node.pos,
      });
    if (alternatives.length === 0 && ok) {
      c.error('sigma.detection.empty', `search identifier \`${name}\` is an empty list`, node.pos);
      return null;
    }
    return ok ? { name, alternatives, pos } : null;
  }
  c.error(
    'sigma.detection.identifier',
    `search identifier \`${name}\` must be a map (field: value) or a list (keywords or maps), not a single value`,
    node.pos,
  );
  return null;
}

function parseMap(map: YMap, c: Ctx): DetectionMap | null {
  const items: DetectionItem[] = [];
  let ok = true;
  for (const e of map.entries) {
    const [fieldPart, ...mods] = e.key.split('|');
    const field = fieldPart === '' ? null : (fieldPart ?? null);
    for (const m of mods) {
      if (!MODIFIERS.has(m)) {
        c.error(
          'sigma.modifier.unknown',
          `unknown modifier \`${m}\` in \`${e.key}\` (known: ${[...MODIFIERS.keys()].join(', ')})`,
          e.keyPos,
        );
        ok = false;
      }
    }
    const values: RawValueItem[] = [];
    const v = e.value;
    if (v.kind === 'scalar') values.push({ value: v.value, raw: v.raw, pos: v.pos });
    else if (v.kind === 'seq') {
      for (const item of v.items) {
        if (item.kind !== 'scalar') {
          c.error('sigma.detection.value', `values of \`${e.key}\` must be scalars`, item.pos);
          ok = false;
        } else values.push({ value: item.value, raw: item.raw, pos: item.pos });
      }
      if (v.items.length === 0) {
        c.error('sigma.detection.empty', `\`${e.key}\` has an empty value list`, v.pos);
        ok = false;
      }
      if (values.length > 1 && values.some((x) => x.value === null))
        c.warning(
          'sigma.detection.null-in-list',
          `\`null\` inside a value list of \`${e.key}\`: use a separate selection`,
          v.pos,
        );
    } else {
      c.error(
        'sigma.detection.value',
        `value of \`${e.key}\` must be a scalar or a list of scalars, not a map`,
        v.pos,
      );
      ok = false;
    }
    if (mods.includes('all') && values.length === 1)
      c.warning(
        'sigma.modifier.all-single',
        `\`all\` on a single value in \`${e.key}\` has no effect`,
        e.keyPos,
      );
    items.push({ field, modifiers: mods, values, pos: e.keyPos });
  }
  return ok ? { kind: 'map', items, pos: map.pos } : null;
}

function parseCorrelation(map: YMap, c: Ctx) {
  const e = entry(map, 'correlation')!;
  if (e.value.kind !== 'map') {
    c.error('sigma.correlation.type', '`correlation` must be a map', e.value.pos);
    return null;
  }
  const m = e.value;
  const type = c.str(m, 'type');
  if (type === undefined) c.error('sigma.correlation.type', '`correlation.type` is required', e.keyPos);
  else if (!CORRELATION_TYPES.has(type))
    c.error(
      'sigma.correlation.type',
      `unknown correlation type ${JSON.stringify(type)} (${[...CORRELATION_TYPES].join(', ')})`,
      entry(m, 'type')?.value.pos,
    );
  if (!entry(m, 'rules')) c.error('sigma.correlation.rules', '`correlation.rules` is required', e.keyPos);
  const rules = c.strList(m, 'rules', { unique: true, minLength: 2 });
  const groupBy = c.strList(m, 'group-by', { unique: true });
  const timespan = c.str(m, 'timespan', 10);
  let timespanMs = 0;
  if (timespan === undefined)
    c.error('sigma.correlation.timespan', '`correlation.timespan` is required (e.g. 5m, 1h)', e.keyPos);
  else {
    const t = /^(\d+)([smhdw])$/.exec(timespan);
    if (!t)
      c.error(
        'sigma.correlation.timespan',
        `timespan ${JSON.stringify(timespan)} must be a number and s, m, h or d (e.g. 90m)`,
        entry(m, 'timespan')?.value.pos,
      );
    else
      timespanMs =
        Number(t[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[t[2] as 's']!;
  }
  const needsCondition = type === 'event_count' || (type?.startsWith('value_') ?? false);
  if ((needsCondition || type === 'temporal' || type === 'temporal_ordered') && !entry(m, 'group-by'))
    c.error('sigma.correlation.group-by', `\`group-by\` is required for ${type} correlations`, e.keyPos);
  let condition: CorrelationCondition | null = null;
  const condEntry = entry(m, 'condition');
  if (condEntry) {
    if (condEntry.value.kind !== 'map')
      c.error(
        'sigma.correlation.condition',
        '`condition` must be a map such as {gte: 10}',
        condEntry.value.pos,
      );
    else {
      const ops: { op: CompareOp; value: number }[] = [];
      let field: string[] | undefined;
      for (const ce of condEntry.value.entries) {
        if (ce.key === 'field') {
          const v = ce.value;
          if (v.kind === 'scalar' && typeof v.value === 'string') field = [v.value];
          else if (
            v.kind === 'seq' &&
            v.items.every((i) => i.kind === 'scalar' && typeof i.value === 'string')
          )
            field = v.items.map((i) => String((i as { value: string }).value));
          else
            c.error(
              'sigma.correlation.condition',
              '`condition.field` must be a field name or a list of names',
              v.pos,
            );
        } else if (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(ce.key)) {
          const v = ce.value;
          if (v.kind === 'scalar' && typeof v.value === 'number')
            ops.push({ op: ce.key as CompareOp, value: v.value });
          else c.error('sigma.correlation.condition', `\`condition.${ce.key}\` must be a number`, v.pos);
        } else
          c.error(
            'sigma.correlation.condition',
            `unknown condition operator \`${ce.key}\` (gt, gte, lt, lte, eq, neq, field)`,
            ce.keyPos,
          );
      }
      if (ops.length === 0)
        c.error(
          'sigma.correlation.condition',
          '`condition` needs one of gt, gte, lt, lte, eq, neq',
          condEntry.value.pos,
        );
      condition = field ? { ops, field } : { ops };
    }
  } else if (needsCondition)
    c.error('sigma.correlation.condition', `\`condition\` is required for ${type} correlations`, e.keyPos);
  if (type?.startsWith('value_') && condition && !condition.field)
    c.error(
      'sigma.correlation.field',
      `\`condition.field\` is required for ${type} correlations`,
      condEntry?.value.pos,
    );
  const aliases = new Map<string, Map<string, string>>();
  const al = entry(m, 'aliases');
  if (al) {
    if (al.value.kind !== 'map')
      c.error('sigma.correlation.aliases', '`aliases` must map alias → {rule name: field}', al.value.pos);
    else
      for (const a of al.value.entries) {
        if (a.value.kind !== 'map') {
          c.error(
            'sigma.correlation.aliases',
            `alias \`${a.key}\` must map rule names to field names`,
            a.value.pos,
          );
          continue;
        }
        const per = new Map<string, string>();
        for (const r of a.value.entries) {
          if (r.value.kind === 'scalar' && typeof r.value.value === 'string') per.set(r.key, r.value.value);
          else
            c.error(
              'sigma.correlation.aliases',
              `alias \`${a.key}.${r.key}\` must be a field name`,
              r.value.pos,
            );
        }
        aliases.set(a.key, per);
      }
  }
  if (type === undefined || !CORRELATION_TYPES.has(type)) return null;
  return {
    type: type as CorrelationType,
    rules,
    groupBy,
    timespanMs,
    timespan: timespan ?? '',
    condition,
    aliases,
  };
}
