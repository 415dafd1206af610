/**
 * `stormwatch evtx dump <file…>`: every record as one evtx_dump-style JSON object per line (or XML),
 * with per-record errors on stderr (file, offset, structure field) while the dump goes on.
 */
import { availableParallelism } from 'node:os';
import { readEvtxText } from '../../app/evtx/index.js';
import { formatLocation, StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand, stringFlag } from '../command.js';
import { EXIT_OK, exitCodeFor } from '../exit-codes.js';

function usage(message: string): StormwatchError {
  return new StormwatchError({
    code: 'cli.usage',
    kind: 'usage',
    message,
    hint: "see 'stormwatch evtx dump --help'",
  });
}

export default defineCommand({
  name: 'evtx dump',
  summary: 'dump EVTX records as JSON lines (evtx_dump shape) or XML',
  usage: 'evtx dump <file…|-> [--format jsonl|xml] [--recover] [--threads N] [--unordered]',
  description: [
    'Reads Windows event logs (.evtx, also .evtx.gz) with the native reader and prints one record per line',
    'as {"Event":{"#attributes":…,"System":{…},"EventData":{…}}} (or XML documents with --format xml).',
    'Records come in record order (`-` reads standard input, in file order). Corrupt chunks or records are',
    'reported on stderr with the file, byte offset and structure field, and the dump continues.',
    '',
    '--recover also carves records from chunk slack, destroyed chunks and truncated tails (de-duplicated',
    "by record id and offset); they are printed after the file's allocated records.",
    '',
    'Errors are printed as `error[code] <file> @0x<offset> <structure field> (record <id>): <message>`.',
    '',
    'Exit codes (the highest that applies): 0 every record read cleanly · 1 a file was not found (the other',
    'files were dumped) · 2 usage error · 3 a file, chunk or record error was reported (every readable',
    'record was still printed) · 4 internal error, including failing to write standard output.',
  ].join('\n'),
  options: {
    format: { type: 'string', value: '<jsonl|xml>', description: 'output format', default: 'jsonl' },
    recover: { type: 'boolean', description: 'also carve records from slack and unallocated space' },
    threads: {
      type: 'string',
      value: '<N>',
      description: 'worker threads across chunks (0 = one per core)',
      default: '1',
    },
    unordered: {
      type: 'boolean',
      description: 'emit chunks as soon as a worker finishes them (faster, not in record order)',
    },
  },
  positionals: { min: 1 },
  async run(ctx) {
    const format = stringFlag(ctx.flags, 'format') ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'xml' && format !== 'json')
      throw usage(`unknown --format '${format}' (jsonl or xml)`);
    const rawThreads = stringFlag(ctx.flags, 'threads') ?? '1';
    // Digits only: `Number('')` is 0 (one thread per core), which an empty value must not mean.
    const t = /^\d{1,2}$/.test(rawThreads) ? Number(rawThreads) : Number.NaN;
    if (!(t >= 0 && t <= 64)) throw usage(`--threads must be an integer from 0 to 64, got '${rawThreads}'`);
    const threads = t === 0 ? availableParallelism() : t;
    let errors = 0;
    let exit = EXIT_OK;
    // Small text blocks (a few records) are gathered into fewer writes; blocks from worker threads are UTF-8
    // bytes of a whole chunk and go out as they are.
    let buf = '';
    // `-` reads the log from standard input (file order; e.g. `zcat log.evtx.gz | stormwatch evtx dump -`).
    const inputs = ctx.args.map((p) =>
      p === '-' ? { name: '<stdin>', input: ctx.stdin as AsyncIterable<Uint8Array> } : { name: p, input: p },
    );
    const items = readEvtxText(inputs, {
      format: format === 'xml' ? 'xml' : 'jsonl',
      recover: booleanFlag(ctx.flags, 'recover'),
      threads,
      ordered: !booleanFlag(ctx.flags, 'unordered'),
      onMode: (mode) => {
        if (threads > 1 && !mode.workers) {
          ctx.err.line(ctx.err.style.dim('note: worker threads are unavailable here; reading in one thread'));
        }
      },
    });
    for await (const item of items) {
      if (item.ok) {
        if (typeof item.content === 'string') {
          buf += item.content;
          if (buf.length <= 1 << 16) continue;
          ctx.out.write(buf);
          buf = '';
        } else {
          if (buf) ctx.out.write(buf);
          buf = '';
          ctx.out.write(item.content);
        }
        // A pipe to a slower reader: wait for it rather than queue the whole dump in memory.
        await ctx.out.drained();
        continue;
      }
      errors++;
      const e = item.error;
      exit = Math.max(exit, exitCodeFor(e.kind));
      const where = e.location ? formatLocation(e.location) : item.file;
      const record = item.recordId === undefined ? '' : ` (record ${item.recordId})`;
      ctx.err.line(
        `${ctx.err.style.red('error')}${ctx.err.style.dim(`[${e.code}]`)} ${where}${record}: ${e.message}`,
      );
      if (e.hint) ctx.err.line(`  ${ctx.err.style.dim('hint:')} ${e.hint}`);
    }
    if (buf) ctx.out.write(buf);
    if (errors > 0)
      ctx.err.line(ctx.err.style.yellow(`${errors} error(s) reported; every readable record was printed`));
    return exit;
  },
});
