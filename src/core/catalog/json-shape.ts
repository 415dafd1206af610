/**
 * A tiny structural checker for the compiled catalog files: a shape is written as a plain value
 * (`'string'`, `'?number'`, `[shape]`, `{ key: shape }`) and `checkShape` reports every mismatch with its
 * JSON path (`$.actors[12].aliases[0].name`). Shapes are compiled once into closures and paths are only
 * built for mismatches, so checking a whole catalog part costs a few milliseconds. Stops after `maxIssues`.
 */
import type { Issue } from '../shared/index.js';

/** Scalar type names; a leading `?` makes the member optional (absent or undefined). */
export type ScalarShape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'any'
  | '?string'
  | '?number'
  | '?boolean'
  | '?any'
  | 'string[]'
  | '?string[]';

export type Shape = ScalarShape | readonly [Shape] | { readonly [key: string]: Shape } | OptionalShape;

/** Wraps an array/object shape to make it optional. */
export interface OptionalShape {
  readonly optional: Exclude<Shape, OptionalShape>;
}

/** Marks an array or object member optional. */
export function optional(shape: Exclude<Shape, OptionalShape>): OptionalShape {
  return { optional: shape };
}

function isOptionalShape(s: Shape): s is OptionalShape {
  return typeof s === 'object' && !Array.isArray(s) && 'optional' in s && Object.keys(s).length === 1;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Path segments: member names (string) and array indexes (number). */
type PathStack = (string | number)[];

interface Ctx {
  readonly stack: PathStack;
  report(message: string): void;
  full(): boolean;
}

type Check = (v: unknown, ctx: Ctx) => void;

function compile(s: Shape): Check {
  if (isOptionalShape(s)) {
    const inner = compile(s.optional);
    return (v, ctx) => {
      if (v !== undefined) inner(v, ctx);
    };
  }
  if (typeof s === 'string') {
    const opt = s.startsWith('?');
    const base = opt ? s.slice(1) : s;
    if (base === 'any')
      return opt
        ? () => {}
        : (v, ctx) => {
            if (v === undefined) ctx.report('missing value');
          };
    if (base === 'string[]')
      return (v, ctx) => {
        if (v === undefined) {
          if (!opt) ctx.report('missing string[]');
          return;
        }
        if (!Array.isArray(v)) {
          ctx.report(`expected array of strings, found ${describe(v)}`);
          return;
        }
        for (let i = 0; i < v.length; i++) {
          if (typeof v[i] !== 'string') {
            ctx.stack.push(i);
            ctx.report(`expected string, found ${describe(v[i])}`);
            ctx.stack.pop();
          }
        }
      };
    return (v, ctx) => {
      if (v === undefined) {
        if (!opt) ctx.report(`missing ${base}`);
        return;
      }
      if (typeof v !== base) ctx.report(`expected ${base}, found ${describe(v)}`);
    };
  }
  if (Array.isArray(s)) {
    const inner = compile((s as readonly [Shape])[0]);
    return (v, ctx) => {
      if (!Array.isArray(v)) {
        ctx.report(`expected array, found ${describe(v)}`);
        return;
      }
      for (let i = 0; i < v.length && !ctx.full(); i++) {
        ctx.stack.push(i);
        inner(v[i], ctx);
        ctx.stack.pop();
      }
    };
  }
  const members = Object.entries(s as Record<string, Shape>).map(([k, sub]) => [k, compile(sub)] as const);
  return (v, ctx) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      ctx.report(`expected object, found ${describe(v)}`);
      return;
    }
    const obj = v as Record<string, unknown>;
    for (const [k, check] of members) {
      ctx.stack.push(k);
      check(obj[k], ctx);
      ctx.stack.pop();
    }
  };
}

const compiled = new WeakMap<object, Check>();

function formatPath(root: string, stack: PathStack): string {
  let p = root;
  for (const seg of stack) p += typeof seg === 'number' ? `[${seg}]` : `.${seg}`;
  return p;
}

/**
 * Checks `value` against `shape`, appending issues (code `catalog.corrupt`) located at `file` and the
 * JSON path. Returns false when any issue was found.
 */
export function checkShape(
  value: unknown,
  shape: Shape,
  file: string,
  issues: Issue[],
  maxIssues = 20,
  path = '$',
): boolean {
  let check: Check;
  if (typeof shape === 'object') {
    check = compiled.get(shape) ?? compile(shape);
    compiled.set(shape, check);
  } else check = compile(shape);
  const before = issues.length;
  const stack: PathStack = [];
  const ctx: Ctx = {
    stack,
    full: () => issues.length >= maxIssues,
    report: (message) => {
      if (issues.length >= maxIssues) return;
      issues.push({
        code: 'catalog.corrupt',
        severity: 'error',
        message,
        location: { file, path: formatPath(path, stack) },
      });
    },
  };
  check(value, ctx);
  return issues.length === before;
}
