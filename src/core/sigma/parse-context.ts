/**
 * Shared helpers of the Sigma document parsers: issue construction with file:line:col and typed field readers
 * that record every problem instead of stopping at the first.
 */
import type { Issue } from '../shared/index.js';
import { entry, loc, type SourcePos, type YMap } from './yaml-source.js';

export function err(
  code: string,
  message: string,
  file: string,
  pos: SourcePos | undefined,
  path?: string,
): Issue {
  return { code, message, severity: 'error', location: loc(file, pos, path) };
}
export function warn(
  code: string,
  message: string,
  file: string,
  pos: SourcePos | undefined,
  path?: string,
): Issue {
  return { code, message, severity: 'warning', location: loc(file, pos, path) };
}

/** Collects issues for one document. */
export class Ctx {
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
