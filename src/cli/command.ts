/**
 * The shape of a CLI command: a plain definition (name, options, run) registered in `commands/registry.ts`.
 * Options use `node:util` parseArgs types plus a description for `--help`.
 */
import type { Output } from './output.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  /** Placeholder shown in help, e.g. `<file>`. */
  readonly value?: string;
  readonly default?: string | boolean;
}

export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CommandContext {
  /** Positional arguments after the command name. */
  readonly args: readonly string[];
  readonly flags: FlagValues;
  /** Standard output (results). */
  readonly out: Output;
  /** Standard error (progress, warnings). */
  readonly err: Output;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface CommandDefinition {
  /** Full command name, may contain a space for subcommands (`catalog info`). */
  readonly name: string;
  readonly summary: string;
  /** Usage line without the leading `stormwatch `, e.g. `actor <name> [--json]`. */
  readonly usage: string;
  /** Longer help text (paragraphs, exit codes, examples). */
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: { readonly min: number; readonly max?: number };
  /** Returns the exit code (0 when omitted). Throw `StormwatchError` for failures. */
  run(ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

/** Identity helper so command files get type checking without a cast. */
export function defineCommand(def: CommandDefinition): CommandDefinition {
  return def;
}

/** Reads a string flag (undefined when absent). */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a repeatable string flag as an array. */
export function stringListFlag(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** Reads a boolean flag. */
export function booleanFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
