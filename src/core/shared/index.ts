/** Shared domain primitives used by every core module: errors as data, result types. */
export {
  type ErrorKind,
  type ErrorLocation,
  formatLocation,
  isStormwatchError,
  locatedMessage,
  StormwatchError,
  type StormwatchErrorInit,
} from './errors.js';
export type { FlatEvent, FlatValue } from './flat-event.js';
export type { Issue, SafeResult } from './result.js';
