/** `stormwatch evtx info <file>`: header fields, chunk states, record id range, timestamps, good/bad/recovered counts. */
import { evtxInfo } from '../../app/evtx/index.js';
import { booleanFlag, defineCommand } from '../command.js';
import { EXIT_INPUT } from '../exit-codes.js';

export default defineCommand({
  name: 'evtx info',
  summary: 'summarise an EVTX file: header, chunks, record ids, timestamps, good/bad/recovered counts',
  usage: 'evtx info <file> [--recover] [--json]',
  description: [
    'Reads the whole file (plain or .gz) and reports the file header (version, chunk count, dirty and full',
    'flags, checksum), chunks by state, the record id range, first and last record timestamps, and how many',
    'records were read, failed or (with --recover) were carved from slack space: the records `evtx dump` with',
    'the same flags prints and the errors it reports. Errors found in the file are listed (the first 20 with',
    '--json), and do not change the exit code.',
    '',
    'Exit codes: 0 the file was read (errors found in it are listed) · 1 file not found · 2 usage error · 3 the',
    'file is not an EVTX file at all (neither a readable header nor a record), is a directory or is',
    'unreadable · 4 internal error.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print the facts as JSON' },
    recover: { type: 'boolean', description: 'also count records carved from slack and unallocated space' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const file = ctx.args[0]!;
    const info = await evtxInfo(file, file, booleanFlag(ctx.flags, 'recover'));
    if (booleanFlag(ctx.flags, 'json')) {
      ctx.out.json(info);
      return info.header === undefined && info.summary.records === 0 && info.summary.recovered === 0
        ? EXIT_INPUT
        : 0;
    }
    const s = ctx.out.style;
    const h = info.header;
    const sum = info.summary;
    const row = (k: string, v: string): void => ctx.out.line(`${s.dim(k.padEnd(18))} ${v}`);
    ctx.out.line(s.bold(file));
    if (h) {
      row('format version', `${h.majorVersion}.${h.minorVersion}`);
      row('header chunks', `${h.chunkCount} (first ${h.firstChunkNumber}, last ${h.lastChunkNumber})`);
      row('next record id', String(h.nextRecordId));
      row(
        'flags',
        `${h.isDirty ? s.yellow('dirty') : 'clean'}, ${h.isFull ? 'full' : 'not full'} (0x${h.flags.toString(16)})`,
      );
      row(
        'header checksum',
        h.checksumValid
          ? s.green('ok')
          : s.red(`bad (0x${h.checksum.toString(16)} ≠ 0x${h.computedChecksum.toString(16)})`),
      );
    } else {
      row('file header', s.red('unreadable'));
    }
    const c = info.chunks;
    row(
      'chunks',
      `${c.total} (${c.ok} ok, ${c.empty} empty, ${c.bad} bad, ${c.badChecksum} bad header checksum)`,
    );
    row('records', `${sum.records} good, ${sum.badRecords} bad, ${sum.recovered} recovered`);
    row('record ids', sum.firstRecordId === undefined ? '-' : `${sum.firstRecordId} … ${sum.lastRecordId}`);
    row('written', sum.firstWritten === undefined ? '-' : `${sum.firstWritten} … ${sum.lastWritten}`);
    const codes = Object.entries(sum.errorsByCode);
    if (codes.length) row('errors', codes.map(([k, v]) => `${k} ×${v}`).join(', '));
    for (const e of info.errors.slice(0, 5)) {
      const record = e.recordId === undefined ? '' : ` (record ${e.recordId})`;
      ctx.out.line(
        `  ${s.red(e.code)} ${e.offset === undefined ? '' : `@0x${e.offset.toString(16)} `}${e.path ?? ''}${record}: ${e.message}`,
      );
    }
    return h === undefined && sum.records === 0 && sum.recovered === 0 ? EXIT_INPUT : 0;
  },
});
