/**
 * Construction of EVTX input errors: every error names the structure field and the byte offset at fault,
 * so `stormwatch evtx dump` can say "ChunkHeader.magic @0x11000" rather than "parse error".
 */
import { StormwatchError } from '../shared/index.js';

/** Creates an `input` StormwatchError with code `evtx.<code>` located at `offset` / `path`. */
export function evtxError(
  code: string,
  message: string,
  offset: number,
  path: string,
  hint?: string,
): StormwatchError {
  return new StormwatchError({
    code: `evtx.${code}`,
    kind: 'input',
    message,
    location: { offset, path },
    ...(hint === undefined ? {} : { hint }),
  });
}

/** Wraps an unexpected exception thrown while decoding bytes into a located input error. */
export function asEvtxError(e: unknown, offset: number, path: string): StormwatchError {
  if (e instanceof StormwatchError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return evtxError('record.malformed', `malformed data: ${msg}`, offset, path);
}

/** The same error with another hint. */
export function withHint(e: StormwatchError, hint: string): StormwatchError {
  return new StormwatchError({
    code: e.code,
    kind: e.kind,
    message: e.message,
    ...(e.location === undefined ? {} : { location: e.location }),
    hint,
  });
}
