/**
 * Every CLI command, as a plain definition loaded on demand (so `stormwatch --version` stays fast).
 * Add a command: create `commands/<name>.ts` default-exporting `defineCommand({...})` and list it here.
 */
import type { CommandDefinition } from '../command.js';

export interface CommandEntry {
  /** Full name; subcommands contain a space (`catalog info`). */
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ default: CommandDefinition }>;
}

export const COMMANDS: readonly CommandEntry[] = [];
