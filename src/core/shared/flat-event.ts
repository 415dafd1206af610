/**
 * The flat event: the one shape every log record is normalised to before the Sigma engine sees it — the
 * contract between the EVTX reader (src/core/evtx), the log inputs (src/core/hunt) and the Sigma engine
 * (src/core/sigma). System fields under fixed names (`EventID`, `Channel`, `Provider_Name`, `Computer`,
 * `TimeCreated`…), EventData `<Data Name="X">` as `X`, unnamed `<Data>` as `Data: [...]`, UserData children
 * by local name (nested with `.`). Documented in docs/hunting.md "Inputs".
 */

/** A field value: JSON scalars and arrays of them (no nested objects: nesting is flattened with `.`). */
export type FlatValue = string | number | boolean | null | FlatValue[];

/** One log record, flattened. */
export type FlatEvent = Record<string, FlatValue>;
