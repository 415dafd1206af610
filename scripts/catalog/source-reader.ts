/**
 * Reads catalog sources from ../shared/data with errors that stop the build and name the file and the
 * JSON path (`catalog.source`). Every file read is hashed (sha256) for MANIFEST.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findJsonSyntaxError } from '../../src/core/catalog/index.js';
import { StormwatchError } from '../../src/core/shared/index.js';

/** Error for a missing or malformed source file. */
export function sourceError(file: string, path: string | undefined, message: string): StormwatchError {
  return new StormwatchError({
    code: 'catalog.source',
    kind: 'input',
    message,
    location: { file, ...(path ? { path } : {}) },
    hint: 'fix or restore the file in ../shared/data (see its SOURCES.md) and run `npm run build:catalog` again',
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A position in a parsed JSON source; accessors throw `catalog.source` with the JSON path. */
export class JsonCursor {
  constructor(
    readonly file: string,
    readonly value: unknown,
    readonly path = '$',
  ) {}

  private fail(message: string): never {
    throw sourceError(this.file, this.path, message);
  }

  /** Member of an object (the member may be absent: check with `.exists`). */
  get(key: string): JsonCursor {
    const o = this.obj();
    const p = /^[A-Za-z_]\w*$/.test(key) ? `${this.path}.${key}` : `${this.path}[${JSON.stringify(key)}]`;
    return new JsonCursor(this.file, o[key], p);
  }

  get exists(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  obj(): Record<string, unknown> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(`expected object, found ${describe(v)}`);
    return v as Record<string, unknown>;
  }

  /** Object member names. */
  keys(): string[] {
    return Object.keys(this.obj());
  }

  arr(): JsonCursor[] {
    const v = this.value;
    if (!Array.isArray(v)) this.fail(`expected array, found ${describe(v)}`);
    return (v as unknown[]).map((x, i) => new JsonCursor(this.file, x, `${this.path}[${i}]`));
  }

  /** Array, or [] when absent. */
  optArr(): JsonCursor[] {
    return this.exists ? this.arr() : [];
  }

  str(): string {
    if (typeof this.value !== 'string') this.fail(`expected string, found ${describe(this.value)}`);
    return this.value as string;
  }

  optStr(): string | undefined {
    return this.exists ? this.str() : undefined;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected boolean, found ${describe(this.value)}`);
    return this.value as boolean;
  }

  optBool(): boolean | undefined {
    return this.exists ? this.bool() : undefined;
  }

  num(): number {
    if (typeof this.value !== 'number') this.fail(`expected number, found ${describe(this.value)}`);
    return this.value as number;
  }

  /** Array of strings, or [] when absent. A single string is accepted as a one-element list. */
  strList(): string[] {
    if (!this.exists) return [];
    if (typeof this.value === 'string') return [this.value];
    return this.arr().map((c) => c.str());
  }

  /** Throws unless `cond`. */
  require(cond: boolean, message: string): void {
    if (!cond) this.fail(message);
  }
}

/** One source file as read: for the manifest. */
export interface ReadSource {
  readonly rel: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The shared data folder: reads files, hashes them, parses JSON with located errors. */
export class SourceSet {
  readonly read = new Map<string, ReadSource>();

  constructor(readonly root: string) {}

  /** Raw bytes of a file under the root (hashed). Throws `catalog.source` when missing. */
  bytes(rel: string): Buffer {
    const full = join(this.root, rel);
    if (!existsSync(full)) throw sourceError(rel, undefined, `source file not found (looked for ${full})`);
    const buf = readFileSync(full);
    this.read.set(rel, { rel, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length });
    return buf;
  }

  /** Parsed JSON of a file; syntax errors name the file, line and column. */
  json(rel: string): JsonCursor {
    const text = this.bytes(rel).toString('utf8');
    try {
      return new JsonCursor(rel, JSON.parse(text));
    } catch (e) {
      const at = findJsonSyntaxError(text);
      if (!at) throw sourceError(rel, undefined, `invalid JSON: ${(e as Error).message}`);
      throw new StormwatchError({
        code: 'catalog.source',
        kind: 'input',
        message: `invalid JSON: ${at.message}`,
        location: { file: rel, line: at.line, col: at.col, offset: at.offset },
        hint: 'fix or restore the file in ../shared/data and run `npm run build:catalog` again',
      });
    }
  }

  /** sha256 of a file read earlier (reads it now if needed). */
  sha256(rel: string): string {
    const hit = this.read.get(rel);
    if (hit) return hit.sha256;
    this.bytes(rel);
    return (this.read.get(rel) as ReadSource).sha256;
  }
}
