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

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'extract',
    summary:
      'Extract actors, attribution claims, sectors, countries, ATT&CK techniques and IOCs from threat reports',
    load: () => import('./extract.js'),
  },
  {
    name: 'actor',
    summary: 'Resolve a threat-actor name or alias: aliases by source, origin, techniques',
    load: () => import('./actor.js'),
  },
  {
    name: 'technique',
    summary: 'Look up an ATT&CK technique by id or name (revoked ids show the successor)',
    load: () => import('./technique.js'),
  },
  {
    name: 'sector',
    summary: 'Look up a NAICS 2022 code or sector word (NAICS, STIX sector, CISA sector)',
    load: () => import('./sector.js'),
  },
  {
    name: 'catalog info',
    summary: 'Show the reference catalog: sources, versions, licences, counts',
    load: () => import('./catalog-info.js'),
  },
  {
    name: 'evtx dump',
    summary: 'Dump EVTX records as JSON lines (evtx_dump shape) or XML',
    load: () => import('./evtx-dump.js'),
  },
  {
    name: 'evtx info',
    summary: 'Summarise an EVTX file: header, chunks, record ids, good/bad/recovered',
    load: () => import('./evtx-info.js'),
  },
  {
    name: 'rules lint',
    summary: 'Check Sigma rules: every rule that does not load, with file:line:col and why',
    load: () => import('./rules-lint.js'),
  },
  {
    name: 'hunt',
    summary: 'Hunt EVTX/JSON event logs with Sigma rules and IOCs; timeline, summary, actor playbooks',
    load: () => import('./hunt.js'),
  },
];
