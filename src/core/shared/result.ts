/**
 * `safeParseX()` results, zod-style: either a value or every issue found (validators report all issues,
 * not just the first).
 */
import type { ErrorLocation } from './errors.js';

/** One problem found while parsing or validating. */
export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly location?: ErrorLocation;
}

export type SafeResult<T> =
  | { readonly success: true; readonly data: T; readonly warnings: readonly Issue[] }
  | { readonly success: false; readonly issues: readonly Issue[] };
