/**
 * Errors as data. Every failure stormwatch reports is a `StormwatchError` with a stable `code`,
 * a `kind` (which the CLI maps to an exit code and the server to an HTTP status, each in one place),
 * an optional `location` pointing at the bytes or lines at fault, and a `hint` telling the user what to do.
 */

/** Broad class of failure; composition roots map this to exit codes / HTTP statuses. */
export type ErrorKind = 'usage' | 'not-found' | 'input' | 'internal';

/** Where in an input the problem is. All fields optional: give what is known. */
export interface ErrorLocation {
  /** File path or logical source name (e.g. `<stdin>`). */
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly col?: number;
  /** Byte offset into the file or buffer. */
  readonly offset?: number;
  /** JSON path (e.g. `$.objects[12].aliases`) or structure field name (e.g. `ChunkHeader.crc32`). */
  readonly path?: string;
}

export interface StormwatchErrorInit {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly message: string;
  readonly location?: ErrorLocation;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** The one error type stormwatch throws on purpose. */
export class StormwatchError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | undefined;

  constructor(init: StormwatchErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'StormwatchError';
    this.code = init.code;
    this.kind = init.kind;
    this.location = init.location;
    this.hint = init.hint;
  }

  /** JSON-safe form (for `--json` output and HTTP bodies). */
  toJSON(): { code: string; kind: ErrorKind; message: string; location?: ErrorLocation; hint?: string } {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.location ? { location: this.location } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
    };
  }
}

/** Formats a location as `file:line:col` (or `file@offset`, `file $.path`), omitting unknown parts. */
export function formatLocation(loc: ErrorLocation): string {
  let out = loc.file ?? '';
  if (loc.line !== undefined) out += `:${loc.line}${loc.col !== undefined ? `:${loc.col}` : ''}`;
  if (loc.offset !== undefined) out += `${out ? ' ' : ''}@0x${loc.offset.toString(16)}`;
  if (loc.path !== undefined) out += `${out ? ' ' : ''}${loc.path}`;
  return out;
}

/** `<location>: <message>` for an issue or error that carries a location, else the bare message. */
export function locatedMessage(x: {
  readonly location?: ErrorLocation | undefined;
  readonly message: string;
}): string {
  return x.location ? `${formatLocation(x.location)}: ${x.message}` : x.message;
}

/** Type guard usable across module boundaries. */
export function isStormwatchError(e: unknown): e is StormwatchError {
  return e instanceof StormwatchError;
}
