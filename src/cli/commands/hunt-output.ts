/**
 * Rendering of `stormwatch hunt`: the progress bar (stderr, TTY only), the timeline table, CSV rows, JSON
 * lines, the summary and the actor playbook sections.
 */

import type { HuntProgress, HuntResult } from '../../app/hunt/index.js';
import {
  FINDING_LEVELS,
  type Finding,
  type FindingLevel,
  type FindingSummary,
} from '../../core/findings/index.js';
import type { ActorPlaybookMatch, ActorPlaybookReport } from '../../core/hunt/index.js';
import type { Output, Style } from '../output.js';

const LEVEL_SHORT: Readonly<Record<FindingLevel, string>> = {
  informational: 'info',
  low: 'low',
  medium: 'med',
  high: 'high',
  critical: 'crit',
};

export function levelStyle(s: Style, level: FindingLevel, text: string): string {
  if (level === 'critical') return s.bold(s.red(text));
  if (level === 'high') return s.red(text);
  if (level === 'medium') return s.yellow(text);
  if (level === 'low') return s.green(text);
  return s.dim(text);
}

/** The `--format jsonl` record of a finding. */
export function findingRecord(f: Finding): Record<string, unknown> {
  return {
    kind: f.kind,
    rule_id: f.rule_id,
    rule_title: f.rule_title,
    level: f.level,
    tags: f.tags,
    techniques: f.techniques,
    timestamp: f.timestamp,
    computer: f.computer,
    channel: f.channel,
    event_id: f.event_id,
    record_id: f.record_id,
    source_file: f.source_file,
    matched: f.matched,
    ...(f.correlation ? { correlation: f.correlation } : {}),
    ...(f.ioc ? { ioc: f.ioc } : {}),
    ...(f.events ? { events: f.events } : {}),
    event: f.event,
  };
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

const DETAIL_FIRST = [
  'CommandLine',
  'ScriptBlockText',
  'TargetObject',
  'TargetFilename',
  'QueryName',
  'DestinationIp',
  'Image',
  'NewProcessName',
];

/** One-line details: the matched fields (or the correlation group and count). */
export function findingDetails(f: Finding): string {
  if (f.correlation) {
    const group = Object.entries(f.correlation.group)
      .map(([k, v]) => `${k}=${fieldText(v)}`)
      .join(' ');
    return `${f.correlation.type} ${f.correlation.event_count} events ${f.correlation.first_time}…${f.correlation.last_time}${group ? ` ${group}` : ''}`;
  }
  const seen = new Set<string>();
  const parts: string[] = [];
  // The most telling fields first, so a narrow terminal still shows what ran or changed.
  const rank = (field: string | null) => {
    const i = DETAIL_FIRST.indexOf(field ?? '');
    return i < 0 ? DETAIL_FIRST.length : i;
  };
  const fields = [...f.matched.fields].sort((a, b) => rank(a.field) - rank(b.field));
  for (const m of fields) {
    const k = `${m.field ?? '*'}=${fieldText(m.value)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    parts.push(k);
  }
  return parts.join(' ¦ ').replace(/\s+/g, ' ');
}

/** `2026-07-23T03:55:41.5586918Z` → `2026-07-23T03:55:41.558Z` (24 columns; the jsonl/csv keep every digit). */
function displayTime(ts: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return truncate(ts, 24);
  return `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : n <= 1 ? s.slice(0, n) : `${s.slice(0, n - 1)}…`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

const CSV_COLUMNS = [
  'timestamp',
  'computer',
  'level',
  'kind',
  'rule_title',
  'rule_id',
  'techniques',
  'channel',
  'event_id',
  'record_id',
  'source_file',
  'details',
];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

export function csvRow(f: Finding): string {
  return [
    f.timestamp,
    f.computer,
    f.level,
    f.kind,
    f.rule_title,
    f.rule_id,
    f.techniques,
    f.channel,
    f.event_id,
    f.record_id,
    f.source_file,
    findingDetails(f),
  ]
    .map(csvCell)
    .join(',');
}

/** The timeline table (findings already in timeline order). */
export function printTimeline(out: Output, findings: readonly Finding[]): void {
  const s = out.style;
  const width = Math.max(80, out.columns);
  const hostW = Math.min(22, Math.max(8, ...findings.map((f) => (f.computer ?? '').length)));
  const ruleW = 44;
  const fixed = 24 + 1 + hostW + 1 + 4 + 1 + ruleW + 1;
  const detW = Math.max(20, width - fixed);
  out.line(
    s.bold(
      `${pad('Timestamp', 24)} ${pad('Computer', hostW)} ${pad('Lvl', 4)} ${pad('Rule', ruleW)} Details`,
    ),
  );
  for (const f of findings) {
    const ts = f.timestamp ? displayTime(f.timestamp) : '-';
    const lvl = levelStyle(s, f.level, pad(LEVEL_SHORT[f.level], 4));
    const title = f.kind === 'sigma' ? f.rule_title : `[${f.kind}] ${f.rule_title}`;
    out.line(
      `${pad(ts, 24)} ${pad(truncate(f.computer ?? '-', hostW), hostW)} ${lvl} ${pad(truncate(title, ruleW), ruleW)} ${s.dim(truncate(findingDetails(f), detW))}`,
    );
  }
}

function countLine(items: readonly { key: string; count: number }[], max: number): string {
  const shown = items.slice(0, max).map((x) => `${x.key} ${x.count}`);
  return items.length > max ? `${shown.join(', ')}, … (${items.length - max} more)` : shown.join(', ') || '-';
}

/** The summary block (counts by level, technique, host; files and records). */
export function printSummary(out: Output, summary: FindingSummary, result: HuntResult): void {
  const s = out.style;
  const files = result.files;
  // A file that yielded nothing is unreadable; one that failed part-way was read (its records count). Each
  // file-level failure is also one of `records.bad`: the rest are damaged records or chunks inside files read.
  const unreadable = files.filter((f) => f.error && f.good === 0).length;
  const inFiles = Math.max(0, result.records.bad - files.filter((f) => f.error).length);
  out.line(s.bold('Summary'));
  out.line(
    `  findings     ${summary.total} — ${FINDING_LEVELS.slice()
      .reverse()
      .map((l) => levelStyle(s, l, `${l} ${summary.byLevel[l]}`))
      .join(', ')}`,
  );
  const kinds = Object.entries(summary.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  if (kinds) out.line(`  by kind      ${kinds}`);
  out.line(`  techniques   ${countLine(summary.byTechnique, 12)}`);
  out.line(`  hosts        ${countLine(summary.byHost, 8)}`);
  out.line(
    `  top rules    ${countLine(
      summary.byRule.map((r) => ({ key: r.title, count: r.count })),
      5,
    )}`,
  );
  out.line(
    `  files        ${files.length - unreadable} read${unreadable ? `, ${unreadable} unreadable or not found` : ''}; records ${result.records.read} read${inFiles ? `, ${inFiles} damaged record(s) or chunk(s) skipped` : ''}`,
  );
  const st = result.stats;
  out.line(
    `  engine       ${result.rules.rules} rules, ${result.rules.correlations} correlations; ${st.evaluations} evaluations, ${st.prefiltered} skipped by the prefilter; ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.rules.threads} thread(s)`,
  );
}

/** Top actor playbook matches. */
export function printPlaybooks(out: Output, matches: readonly ActorPlaybookMatch[]): void {
  const s = out.style;
  out.line(
    s.bold('Actor playbooks (idf-weighted F3 of coverage and explained evidence; see docs/hunting.md)'),
  );
  if (matches.length === 0) {
    out.line('  no finding carries an ATT&CK technique tag');
    return;
  }
  for (const m of matches) {
    out.line(
      `  ${s.bold(m.score.toFixed(3))}  ${m.actor_name}${m.attack_id ? ` (${m.attack_id})` : ` (${m.actor_id})`}  explains ${(m.explained * 100).toFixed(0)}% of the evidence, covers ${(m.coverage * 100).toFixed(0)}% of ${m.actor_techniques} techniques`,
    );
    out.line(`         observed: ${m.observed.map((t) => t.id).join(', ')}`);
    if (m.missing.length)
      out.line(s.dim(`         look for: ${m.missing.map((t) => `${t.id} ${t.name}`).join('; ')}`));
  }
}

/** The `--playbook NAME` section. */
export function printActorPlaybook(out: Output, r: ActorPlaybookReport): void {
  const s = out.style;
  out.line(
    s.bold(
      `Playbook ${r.actor_name}${r.attack_id ? ` (${r.attack_id})` : ''}: ${r.seen} of ${r.total} techniques seen; score ${r.score.toFixed(3)}, rank ${r.rank ?? '-'}`,
    ),
  );
  for (const t of r.techniques) {
    if (!t.seen) continue;
    out.line(
      `  ${s.green('seen')}  ${pad(t.id, 10)} ${truncate(t.name, 40)}  ${t.findings} finding(s) on ${t.hosts.join(', ') || '?'}  ${t.first ? displayTime(t.first) : '?'} … ${t.last ? displayTime(t.last) : '?'}`,
    );
  }
  const unseen = r.techniques.filter((t) => !t.seen);
  if (unseen.length)
    out.line(
      s.dim(
        `  not seen (${unseen.length}, most distinctive first): ${unseen
          .slice(0, 15)
          .map((t) => t.id)
          .join(', ')}${unseen.length > 15 ? ', …' : ''}`,
      ),
    );
}

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const t = Math.round(ms / 1000);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
}

/** A one-line progress bar: files, events, rate, ETA (by bytes of finished files). */
export function progressLine(p: HuntProgress, width: number): string {
  const frac =
    p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  const rate = p.elapsedMs > 0 ? (p.records * 1000) / p.elapsedMs : 0;
  const eta = frac > 0 && frac < 1 ? (p.elapsedMs * (1 - frac)) / frac : frac >= 1 ? 0 : Number.NaN;
  const barW = Math.max(10, Math.min(30, width - 70));
  const filled = Math.round(frac * barW);
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(barW - filled)}]`;
  return `${bar} ${p.filesDone}/${p.filesTotal} files  ${p.records.toLocaleString('en-US')} events  ${Math.round(rate).toLocaleString('en-US')} ev/s  ${p.findings} findings  ETA ${duration(eta)}`;
}
