/**
 * `stormwatch extract <file|dir|url|->…`: threat reports → structured intelligence (actors and aliases,
 * attribution claims with claimant and stance, sectors, countries targeted, ATT&CK techniques, indicators), as
 * JSON (one object per document per line), a readable summary, or a STIX 2.1 bundle per document.
 * Shapes: docs/extraction.md.
 */
import { type DocumentExtraction, extractDocuments } from '../../app/extract/index.js';
import { type ExtractionResult, toStixBundle } from '../../core/extract/index.js';
import { formatLocation, StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand, stringFlag } from '../command.js';
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_OK } from '../exit-codes.js';
import type { Output } from '../output.js';

function usage(message: string): StormwatchError {
  return new StormwatchError({
    code: 'cli.usage',
    kind: 'usage',
    message,
    hint: "see 'stormwatch extract --help'",
  });
}

function positiveInt(flags: Record<string, unknown>, name: string): number | undefined {
  const raw = stringFlag(flags as never, name);
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw usage(`--${name} must be a positive integer, got '${raw}'`);
  return n;
}

function printSummary(
  out: Output,
  doc: { source: string; text: string },
  r: ExtractionResult,
  withText: boolean,
): void {
  const s = out.style;
  const d = r.document;
  out.line(s.bold(d.title || doc.source));
  out.line(
    s.dim(
      `${doc.source} · ${d.doc_type} · ${d.published ?? 'date unknown'} · ${d.chars} chars · sha256 ${d.sha256.slice(0, 16)}…`,
    ),
  );
  if (r.actors.length) {
    out.line(s.cyan('Actors'));
    for (const a of r.actors) {
      const id =
        a.attack_id ??
        (a.unlisted
          ? `unlisted: ${a.unlisted.vendor} pattern ${a.unlisted.pattern}`
          : a.software
            ? `group named after the malware ${a.software}`
            : (a.catalog_id ?? ''));
      const aka = a.aliases_mentioned.length ? ` aka ${a.aliases_mentioned.join(', ')}` : '';
      out.line(
        `  ${s.bold(a.name)} ${s.dim(`(${id})`)}${aka}${a.role === 'mentioned' ? s.dim(' [mentioned only]') : ''} ${s.dim(`×${a.mentions.length}`)}`,
      );
    }
  }
  if (r.attribution_claims.length) {
    out.line(s.cyan('Attribution claims'));
    for (const c of r.attribution_claims) {
      const stance =
        c.stance === 'asserts'
          ? s.red(c.stance)
          : c.stance === 'denies'
            ? s.green(c.stance)
            : s.yellow(c.stance);
      out.line(
        `  ${c.claimant} ${stance} ${s.bold(c.actor)} → ${c.attributed_to.name}${c.implicit ? s.dim(' (implicit)') : ''}`,
      );
      const ev = c.evidence.text.replace(/\s+/g, ' ');
      out.line(
        `    ${s.dim(`“${ev.length > 160 ? `${ev.slice(0, 157)}…` : ev}” [${c.evidence.start}–${c.evidence.end}]`)}`,
      );
    }
  }
  if (r.sectors.length) {
    out.line(s.cyan('Sectors'));
    for (const x of r.sectors)
      out.line(
        `  ${x.name} ${s.dim(`(NAICS ${x.naics ?? '—'}, STIX ${x.stix_sector ?? '—'}; ${x.terms.join(', ')})`)}`,
      );
  }
  if (r.countries_targeted.length)
    out.line(
      `${s.cyan('Countries targeted')} ${r.countries_targeted.map((c) => `${c.name} (${c.code})`).join(', ')}`,
    );
  if (r.techniques.length) {
    out.line(s.cyan('Techniques'));
    for (const t of r.techniques) {
      const orig = t.original_id ? s.dim(` (written ${t.original_id})`) : '';
      out.line(
        `  ${s.bold(t.id)} ${t.name}${orig} ${s.dim(`[${t.source}: ${t.evidence[0]?.text.slice(0, 60) ?? ''}]`)}`,
      );
    }
  }
  const kinds = Object.entries(r.indicators).filter(([, l]) => l.length > 0);
  if (kinds.length) {
    out.line(s.cyan('Indicators'));
    for (const [kind, list] of kinds) {
      const threats = list.filter((i) => !i.benign && i.context !== 'reference');
      const other = list.length - threats.length;
      const shown = threats.slice(0, 8).map((i) => i.value + (i.defanged ? s.dim(' (defanged)') : ''));
      out.line(
        `  ${kind.padEnd(11)} ${shown.join(', ')}${threats.length > 8 ? s.dim(` … +${threats.length - 8}`) : ''}${other ? s.dim(` (${other} reference/benign not shown)`) : ''}`,
      );
    }
  }
  if (withText) {
    out.line(s.cyan('Text'));
    out.line(doc.text);
  }
  out.line();
}

export default defineCommand({
  name: 'extract',
  summary: 'Extract actors, attribution claims, sectors, countries, ATT&CK techniques and IOCs from reports',
  usage: 'extract <file|dir|url|->… [--format json|summary|stix] [--text] [--max-bytes N] [--max-pages N]',
  description: [
    'Reads plain text, Markdown, HTML, PDF, RSS/Atom feeds (one document per item) and STIX files, from files,',
    'directories (every supported file, recursively), URLs (fetched unless --offline) or standard input (-).',
    '',
    'Output: --format json (the default when stdout is not a terminal) prints one JSON object per document per',
    'line (JSON lines), even for a single document; --format summary (the default on a terminal) prints a',
    'readable summary; --format stix prints one STIX 2.1 bundle per document per line. Every item carries the',
    'UTF-16 offsets of its evidence in the extracted text; --text adds that text ("text" in JSON).',
    '',
    'A document that cannot be read (binary, empty, too large, broken PDF, bad feed item) is reported on stderr',
    'with its file and offset; the other documents of the run are still extracted. Unsupported files in a',
    'directory are skipped (counted on stderr).',
    '',
    'Exit codes: 0 every document extracted · 3 at least one document could not be read or extracted (all others',
    'were printed) · 4 internal error · 2 usage error.',
  ].join('\n'),
  options: {
    format: {
      type: 'string',
      value: '<json|summary|stix>',
      description: 'output format (json when piped, summary on a terminal)',
    },
    text: { type: 'boolean', description: 'also print the extracted text the offsets refer to' },
    'max-bytes': {
      type: 'string',
      value: '<N>',
      description: 'largest input read, in bytes (default 50 MiB)',
    },
    'max-pages': { type: 'string', value: '<N>', description: 'most PDF pages read (default 500)' },
    timeout: {
      type: 'string',
      value: '<ms>',
      description: 'URL fetch timeout in milliseconds (default 30000)',
    },
    offline: { type: 'boolean', description: 'never fetch URLs (they fail with a clear error)' },
    'infer-all': {
      type: 'boolean',
      description: 'keep techniques inferred from prose even when the report maps its own ATT&CK ids',
    },
    pretty: {
      type: 'boolean',
      description: 'indent JSON output (one document per block instead of per line)',
    },
  },
  positionals: { min: 1 },
  async run(ctx) {
    const format = stringFlag(ctx.flags, 'format') ?? (ctx.out.isTTY ? 'summary' : 'json');
    if (format !== 'json' && format !== 'summary' && format !== 'stix')
      throw usage(`unknown --format '${format}' (json, summary or stix)`);
    const withText = booleanFlag(ctx.flags, 'text');
    const pretty = booleanFlag(ctx.flags, 'pretty');
    const maxBytes = positiveInt(ctx.flags, 'max-bytes');
    const maxPdfPages = positiveInt(ctx.flags, 'max-pages');
    const timeoutMs = positiveInt(ctx.flags, 'timeout');
    const progress = ctx.err.isTTY;
    let failed = 0;
    let internal = 0;
    let skipped = 0;
    let done = 0;
    const clearProgress = (): void => {
      if (progress) ctx.err.write('\r\u001b[K');
    };
    const items: AsyncIterable<DocumentExtraction> = extractDocuments(ctx.args, {
      ...(maxBytes ? { maxBytes } : {}),
      ...(maxPdfPages ? { maxPdfPages } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(booleanFlag(ctx.flags, 'offline') ? { offline: true } : {}),
      ...(booleanFlag(ctx.flags, 'infer-all') ? { inferWithExplicit: true } : {}),
      ...(progress
        ? {
            onProgress: (p) => {
              const width = 24;
              const fill = Math.round((p.done / Math.max(1, p.total)) * width);
              const name = p.source.length > 40 ? `…${p.source.slice(-39)}` : p.source;
              ctx.err.write(
                `\r\u001b[K[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${p.done}/${p.total} ${name}`,
              );
            },
          }
        : {}),
    });
    for await (const item of items) {
      if (!item.ok) {
        if (item.skipped) {
          skipped++;
          continue;
        }
        clearProgress();
        if (item.error.kind === 'internal') internal++;
        else failed++;
        const where = (item.error.location ? formatLocation(item.error.location) : '') || item.source;
        const message = item.error.message.startsWith(`${item.source}: `)
          ? item.error.message.slice(item.source.length + 2)
          : item.error.message;
        ctx.err.line(
          `${ctx.err.style.red('error')}${ctx.err.style.dim(`[${item.error.code}]`)} ${where}: ${message}`,
        );
        if (item.error.hint) ctx.err.line(`  ${ctx.err.style.dim('hint:')} ${item.error.hint}`);
        continue;
      }
      done++;
      for (const w of item.doc.warnings) {
        clearProgress();
        // Reader messages already open with the source they concern (a feed item: `feed.xml#item-3: …`).
        const message = w.message.startsWith(item.doc.source)
          ? w.message
          : `${item.doc.source}: ${w.message}`;
        ctx.err.line(`${ctx.err.style.yellow('warning')}${ctx.err.style.dim(`[${w.code}]`)} ${message}`);
      }
      if (format === 'summary') {
        clearProgress();
        printSummary(ctx.out, item.doc, item.result, withText);
      } else if (format === 'stix') {
        const bundle = toStixBundle(item.result);
        ctx.out.write(`${JSON.stringify(bundle, null, pretty ? 2 : undefined)}\n`);
      } else {
        const value = {
          source: item.doc.source,
          format: item.doc.format,
          ...item.result,
          ...(withText ? { text: item.doc.text } : {}),
        };
        ctx.out.write(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
      }
    }
    clearProgress();
    if (skipped > 0) ctx.err.line(ctx.err.style.dim(`${skipped} unsupported file(s) skipped`));
    if (failed + internal > 0)
      ctx.err.line(ctx.err.style.yellow(`${failed + internal} document(s) failed; ${done} extracted`));
    return internal > 0 ? EXIT_INTERNAL : failed > 0 ? EXIT_INPUT : EXIT_OK;
  },
});
