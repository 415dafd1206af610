/**
 * `stormwatch hunt <path…>`: runs Sigma rules (the shipped `rules/` or `--rules`) and an optional IOC sweep
 * over EVTX and JSON/XML event logs, prints a timeline, a summary and the actor playbooks the findings match.
 */
import { loadCatalog } from '../../app/catalog/index.js';
import { type HuntResult, loadIocFiles, parseLogFormatOption, runHunt } from '../../app/hunt/index.js';
import type { ActorRecord } from '../../core/catalog/index.js';
import {
  compareFindings,
  type Finding,
  type FindingLevel,
  levelRank,
  parseFindingLevel,
} from '../../core/findings/index.js';
import { actorPlaybookReport, canonicalTechniques, PlaybookIndex } from '../../core/hunt/index.js';
import { formatLocation, locatedMessage, StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand, stringFlag, stringListFlag } from '../command.js';
import { exitCodeFor } from '../exit-codes.js';
import type { Output } from '../output.js';
import {
  csvHeader,
  csvRow,
  findingRecord,
  printActorPlaybook,
  printPlaybooks,
  printSummary,
  printTimeline,
  progressLine,
} from './hunt-output.js';

/** Rules that did not load or compile, printed one by one before the rest are only counted. */
const RULE_ISSUES_SHOWN = 5;
/** IOC file problems printed one by one before the rest are only counted. */
const IOC_ISSUES_SHOWN = 20;

/** Exit code when `--fail-on` is met. */
export const EXIT_FINDINGS = 1;
/** Exit code when an input path is missing or a folder holds no log file (the hunt still ran on the others). */
const EXIT_NOT_FOUND = exitCodeFor('not-found');

function levelFlag(value: string | undefined, flag: string): FindingLevel | undefined {
  if (value === undefined) return undefined;
  const l = parseFindingLevel(value);
  if (!l)
    throw new StormwatchError({
      code: 'hunt.level',
      kind: 'usage',
      message: `${flag} ${JSON.stringify(value)} is not a Sigma level`,
      hint: 'use informational, low, medium, high or critical',
    });
  return l;
}

type Catalog = ReturnType<typeof loadCatalog>;

/** The `--playbook` actor, resolved before any log is read so that a wrong name costs no hunt. */
function resolvePlaybookActor(name: string): { catalog: Catalog; actor: ActorRecord } {
  const catalog = loadCatalog();
  const r = catalog.resolveActor(name);
  if (r.kind === 'actor') return { catalog, actor: r.actor };
  const options =
    r.kind === 'ambiguous' ? r.candidates.map((c) => c.actor_name) : r.suggestions.map((x) => x.actor_name);
  throw new StormwatchError({
    code: 'hunt.playbook.actor',
    kind: 'not-found',
    message: `--playbook ${JSON.stringify(name)}: ${r.kind === 'ambiguous' ? 'ambiguous actor name' : 'no such actor in the catalog'}`,
    hint: options.length
      ? `did you mean: ${[...new Set(options)].slice(0, 5).join(', ')}?`
      : 'see `stormwatch actor <name>`',
  });
}

function playbookSection(
  out: Output,
  err: Output,
  result: HuntResult,
  chosen: { catalog: Catalog; actor: ActorRecord } | undefined,
  asJson: boolean,
): void {
  let catalog: Catalog;
  try {
    catalog = chosen?.catalog ?? loadCatalog();
  } catch (e) {
    err.line(
      err.style.yellow(`warning: actor playbooks skipped: ${e instanceof Error ? e.message : String(e)}`),
    );
    return;
  }
  const index = new PlaybookIndex(catalog);
  const observed = canonicalTechniques(
    catalog,
    result.summary.techniques.map((t) => t.technique),
  );
  const top = index.rank(observed.ids, { limit: 5 });
  const report = chosen ? actorPlaybookReport(index, chosen.actor, result.summary.techniques) : undefined;
  if (asJson) {
    err.line(JSON.stringify({ playbooks: top, ...(report ? { playbook: report } : {}) }));
    return;
  }
  out.line();
  printPlaybooks(out, top);
  if (report) {
    out.line();
    printActorPlaybook(out, report);
  }
}

export default defineCommand({
  name: 'hunt',
  summary: 'Hunt EVTX/JSON event logs with Sigma rules and IOCs; timeline, summary, actor playbooks',
  usage:
    'hunt <path…> [--rules <path>]… [--pipeline <file>]… [--ioc <file>]… [--min-level L] [--format table|csv|jsonl] [--input-format F] [--threads N] [--fail-on L] [--playbook NAME] [--no-prefilter] [--no-rule-cache]',
  description: [
    'Reads .evtx (also .evtx.gz), evtx_dump JSON/JSONL, Winlogbeat/ECS NDJSON, flat NDJSON and Sysmon/wevtutil XML',
    'files and folders (recursively), runs every Sigma rule — detection and correlation — and, with --ioc, sweeps',
    'for the indicators of a STIX 2.1 bundle, a MISP JSON export, a CSV with a header or a plain list.',
    'Without --rules the shipped rules/ folder is used (the LOTL pack); --rules replaces it; --pipeline adds a',
    'processing pipeline after the built-in ones. One unreadable file or record is reported and counted; the',
    'hunt goes on.',
    '',
    '--format table (default): timeline, summary, top actor playbooks. csv: one row per finding in timeline order.',
    'jsonl: one finding per line as produced (streaming), summary and playbooks on stderr as JSON lines; with csv',
    'they go to stderr as text.',
    '',
    'Exit codes: 0 done (even with findings, bad files or records) · 1 --fail-on level reached, or a path, a',
    'folder with no log file or the --playbook actor not found (the other inputs are still hunted) · 2 usage ·',
    '3 invalid --ioc/--pipeline input (or an --ioc file with no usable indicator) · 4 internal error.',
  ].join('\n'),
  options: {
    rules: {
      type: 'string',
      multiple: true,
      value: '<path>',
      description: 'a Sigma rule file or folder, once per path (replaces the shipped rules/)',
    },
    pipeline: {
      type: 'string',
      multiple: true,
      value: '<file>',
      description: 'extra processing pipeline (YAML)',
    },
    'min-level': { type: 'string', value: '<level>', description: 'report findings of this level and above' },
    ioc: {
      type: 'string',
      multiple: true,
      value: '<file>',
      description: 'IOC file: STIX 2.1 bundle, MISP JSON, CSV or plain list',
    },
    format: { type: 'string', value: 'table|csv|jsonl', description: 'output format (default table)' },
    'input-format': {
      type: 'string',
      value: '<fmt>',
      description: 'force the log format: evtx, evtx-json, ecs-ndjson, flat-ndjson, xml',
    },
    threads: {
      type: 'string',
      value: '<n>',
      description:
        "hunting threads: this one plus N-1 workers taking files (default 1; 'auto': up to the cores, one per 128 MiB of input)",
    },
    'fail-on': {
      type: 'string',
      value: '<level>',
      description: 'exit 1 when a finding of this level or above exists',
    },
    playbook: {
      type: 'string',
      value: '<actor>',
      description: "report which of an actor's techniques were seen, where and when",
    },
    'no-prefilter': {
      type: 'boolean',
      description: 'evaluate every routed rule (disable the literal prefilter)',
    },
    'no-rule-cache': {
      type: 'boolean',
      description: 'parse the rule YAML even when the parsed-rule cache is current (see docs/hunting.md)',
    },
  },
  positionals: { min: 1 },
  async run(ctx) {
    const format = stringFlag(ctx.flags, 'format') ?? 'table';
    if (!['table', 'csv', 'jsonl'].includes(format))
      throw new StormwatchError({
        code: 'hunt.format',
        kind: 'usage',
        message: `--format ${JSON.stringify(format)} is not one of table, csv, jsonl`,
      });
    const minLevel = levelFlag(stringFlag(ctx.flags, 'min-level'), '--min-level');
    const failOn = levelFlag(stringFlag(ctx.flags, 'fail-on'), '--fail-on');
    const threadsText = stringFlag(ctx.flags, 'threads') ?? '1';
    const threads: number | 'auto' =
      threadsText.trim().toLowerCase() === 'auto' ? 'auto' : Number(threadsText);
    if (threads !== 'auto' && (!Number.isInteger(threads) || threads < 1 || threads > 64))
      throw new StormwatchError({
        code: 'hunt.threads',
        kind: 'usage',
        message: `--threads ${JSON.stringify(threadsText)} must be an integer from 1 to 64, or auto`,
      });
    const inputFormat = stringFlag(ctx.flags, 'input-format');
    const playbookName = stringFlag(ctx.flags, 'playbook');
    const playbook = playbookName === undefined ? undefined : resolvePlaybookActor(playbookName);
    const iocFiles = stringListFlag(ctx.flags, 'ioc');
    const iocs = iocFiles.length > 0 ? loadIocFiles(iocFiles) : undefined;
    const err = ctx.err;
    const s = err.style;
    if (iocs) {
      for (const f of iocs.files) err.line(s.dim(`ioc: ${f.file}: ${f.indicators} indicators (${f.format})`));
      // Errors first, then the values skipped as invalid or unsweepable, each with where it is in its file.
      const issues = [...iocs.issues].sort(
        (a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'),
      );
      for (const i of issues.slice(0, IOC_ISSUES_SHOWN))
        err.line(s.yellow(`${i.severity === 'error' ? 'warning' : 'skipped'}: ${locatedMessage(i)}`));
      if (issues.length > IOC_ISSUES_SHOWN)
        err.line(s.dim(`ioc: ${issues.length - IOC_ISSUES_SHOWN} more value(s) skipped, not shown`));
      if (iocs.entries.length === 0)
        throw new StormwatchError({
          code: 'ioc.empty',
          kind: 'input',
          message: `no usable indicator in ${iocFiles.join(', ')}`,
          hint:
            issues.length > 0
              ? 'every value was invalid or unsweepable (listed above)'
              : 'the file holds no indicator: one value per line, a CSV with a header, a STIX 2.1 bundle or a MISP JSON export',
        });
    }
    const progress = err.isTTY;
    let lastLine = '';
    const clearProgress = () => {
      if (lastLine) err.write(`\r${' '.repeat(lastLine.length)}\r`);
      lastLine = '';
    };
    const collected: Finding[] = [];
    let failHit = false;
    let recordErrors = 0;
    const reported = new Set<string>();
    // What to do about a kind of bad input is said once, after its first warning.
    const hinted = new Set<string>();
    const hintOnce = (e: StormwatchError) => {
      if (!e.hint || hinted.has(e.hint)) return;
      hinted.add(e.hint);
      err.line(s.dim(`  hint: ${e.hint}`));
    };
    const result = await runHunt({
      paths: ctx.args,
      rules: stringListFlag(ctx.flags, 'rules'),
      pipelines: stringListFlag(ctx.flags, 'pipeline'),
      ...(minLevel ? { minLevel } : {}),
      ...(iocs ? { iocs: iocs.entries } : {}),
      threads,
      prefilter: !booleanFlag(ctx.flags, 'no-prefilter'),
      ...(booleanFlag(ctx.flags, 'no-rule-cache') ? { ruleCache: null } : {}),
      ...(inputFormat ? { format: parseLogFormatOption(inputFormat) } : {}),
      onRulesLoaded: (info) => {
        const problems = info.issues.filter((i) => i.severity === 'error');
        if (info.failed === 0 && problems.length === 0) return;
        err.line(
          s.yellow(
            `warning: ${info.failed} rule(s) did not compile, ${problems.length} rule issue(s); the other rules run`,
          ),
        );
        for (const i of problems.slice(0, RULE_ISSUES_SHOWN)) err.line(s.yellow(`  ${locatedMessage(i)}`));
        if (problems.length > RULE_ISSUES_SHOWN)
          err.line(
            s.dim(
              `  ${problems.length - RULE_ISSUES_SHOWN} more: \`stormwatch rules lint <path>\` lists them all`,
            ),
          );
      },
      onFinding: (f) => {
        if (failOn && levelRank(f.level) >= levelRank(failOn)) failHit = true;
        if (format === 'jsonl') ctx.out.line(JSON.stringify(findingRecord(f)));
        else collected.push(f);
      },
      // Streamed findings wait for a slow reader of standard output instead of queueing in memory.
      ...(format === 'jsonl' ? { findingsReady: () => ctx.out.drained() } : {}),
      onRecordError: (e, source) => {
        recordErrors++;
        reported.add(`${e.code}|${e.message}`);
        if (recordErrors <= 20) {
          clearProgress();
          const loc = e.location ? formatLocation(e.location) : source.file;
          err.line(s.yellow(`warning: ${loc}: ${e.message}`));
          hintOnce(e);
        }
      },
      onFileEnd: (f) => {
        // File-level failures usually arrive as a bad record first; print the others (e.g. a missing path).
        if (!f.error || reported.has(`${f.error.code}|${f.error.message}`)) return;
        recordErrors++;
        if (recordErrors <= 20) {
          clearProgress();
          err.line(
            s.yellow(
              `warning: ${f.error.location ? formatLocation(f.error.location) : f.file}: ${f.error.message}`,
            ),
          );
          hintOnce(f.error);
        }
      },
      onProgress: (p) => {
        if (!progress) return;
        const line = progressLine(p, err.columns);
        err.write(
          `\r${line}${lastLine.length > line.length ? ' '.repeat(lastLine.length - line.length) : ''}`,
        );
        lastLine = line;
      },
    });
    clearProgress();
    if (recordErrors > 20) err.line(s.yellow(`warning: ${recordErrors - 20} more bad record(s) not shown`));
    if (format === 'jsonl') {
      err.line(
        JSON.stringify({
          summary: result.summary,
          files: result.files.length,
          records: result.records,
          stats: result.stats,
          rules: {
            loaded: result.rules.rules,
            correlations: result.rules.correlations,
            failed: result.rules.failed,
          },
        }),
      );
      playbookSection(ctx.out, err, result, playbook, true);
    } else {
      collected.sort(compareFindings);
      if (format === 'csv') {
        ctx.out.line(csvHeader());
        for (const f of collected) ctx.out.line(csvRow(f));
        // The rows are the output; the summary and the playbook ranking go to stderr as text, for the reader.
        err.line();
        printSummary(err, result.summary, result);
        playbookSection(err, err, result, playbook, false);
      } else {
        if (collected.length > 0) {
          printTimeline(ctx.out, collected);
          ctx.out.line();
        } else ctx.out.line('No findings.');
        printSummary(ctx.out, result.summary, result);
        playbookSection(ctx.out, err, result, playbook, false);
      }
    }
    // A path that does not exist, or a folder with no log in it, is reported after everything else was printed
    // (the other inputs were hunted) and makes the exit code 1, as a missing path does for every command.
    const missing = result.files.filter(
      (f) => f.error?.code === 'HUNT_INPUT_NOT_FOUND' || f.error?.code === 'HUNT_INPUT_NO_LOGS',
    );
    if (missing.length > 0) {
      err.line(
        `${s.red('error')}${s.dim('[hunt.input.not-found]')} ${missing.length === 1 ? 'an input was' : `${missing.length} inputs were`} not found or held no log file: ${missing
          .slice(0, 5)
          .map((f) => f.file)
          .join(', ')}${missing.length > 5 ? ', …' : ''}`,
      );
      return EXIT_NOT_FOUND;
    }
    return failHit ? EXIT_FINDINGS : 0;
  },
});
