/**
 * The `correlation` section of a correlation rule (correlation specification v2.1): type, rules, group-by,
 * timespan, condition (gt/gte/lt/lte/eq/neq and field) and aliases, with every problem as an issue.
 */
import type { Ctx } from './parse-context.js';
import type { CompareOp, CorrelationCondition, CorrelationType } from './rule-model.js';
import { entry, type YMap } from './yaml-source.js';

const CORRELATION_TYPES = new Set([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);

/** Parses and validates the `correlation` map; null when it cannot be used. */
export function parseCorrelation(map: YMap, c: Ctx) {
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
