/**
 * The one place where error kinds become process exit codes.
 * 0 ok · 1 not found (or findings, per command docs) · 2 usage error · 3 input error · 4 internal error.
 */
import type { ErrorKind } from '../core/shared/index.js';

export const EXIT_OK = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_INTERNAL = 4;

const BY_KIND: Readonly<Record<ErrorKind, number>> = {
  'not-found': EXIT_NOT_FOUND,
  usage: EXIT_USAGE,
  input: EXIT_INPUT,
  internal: EXIT_INTERNAL,
};

export function exitCodeFor(kind: ErrorKind): number {
  return BY_KIND[kind];
}
