/**
 * MISP warning lists as compiled into `data/catalog/warninglists.json.gz` (entries exactly as in each MISP
 * list.json `list`). Only the type and the parser live here; matching belongs to the IOC extractor.
 */
import type { Issue, SafeResult } from '../shared/index.js';
import { StormwatchError } from '../shared/index.js';
import { checkShape } from './json-shape.js';

/** One MISP warning list. */
export interface WarningList {
  readonly name: string;
  readonly description: string;
  readonly type: 'cidr' | 'hostname' | 'string' | 'substring' | 'regex';
  readonly matching_attributes: readonly string[];
  /** MISP `category`: `false-positive` (default) or `known`. */
  readonly category: string;
  readonly entries: readonly string[];
}

/** `warninglists.json.gz` */
export interface WarningListSet {
  readonly lists: readonly WarningList[];
}

const TYPES = new Set(['cidr', 'hostname', 'string', 'substring', 'regex']);

const SHAPE = {
  lists: [
    {
      name: 'string',
      description: 'string',
      type: 'string',
      matching_attributes: 'string[]',
      category: 'string',
      entries: 'string[]',
    },
  ],
} as const;

/** Validates parsed warninglists JSON, returning every issue (file name used in issue locations). */
export function safeParseWarningLists(
  json: unknown,
  file = 'warninglists.json.gz',
): SafeResult<WarningListSet> {
  const issues: Issue[] = [];
  if (!checkShape(json, SHAPE, file, issues)) return { success: false, issues };
  const set = json as WarningListSet;
  set.lists.forEach((l, i) => {
    if (!TYPES.has(l.type))
      issues.push({
        code: 'catalog.corrupt',
        severity: 'error',
        message: `unknown warning list type "${l.type}"`,
        location: { file, path: `$.lists[${i}].type` },
      });
  });
  return issues.length > 0 ? { success: false, issues } : { success: true, data: set, warnings: [] };
}

/** Validates parsed warninglists JSON; throws StormwatchError `catalog.corrupt` naming file and JSON path. */
export function parseWarningLists(json: unknown, file = 'warninglists.json.gz'): WarningListSet {
  const r = safeParseWarningLists(json, file);
  if (r.success) return r.data;
  const first = r.issues[0];
  throw new StormwatchError({
    code: 'catalog.corrupt',
    kind: 'input',
    message: `${file} is not a valid warning list set: ${first?.message ?? 'invalid'}`,
    ...(first?.location ? { location: first.location } : {}),
    hint: 'rebuild the catalog with `npm run build:catalog` (needs ../shared beside the checkout), or reinstall stormwatch',
  });
}
