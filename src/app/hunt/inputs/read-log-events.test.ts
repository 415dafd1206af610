import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { describeShared, shared } from '../../../../test/shared-data.js';
import type { LogRecordResult } from '../../../core/hunt/index.js';
import { readEvtxFiles } from '../../evtx/index.js';
import {
  detectLogFileFormat,
  type FileReadSummary,
  parseLogFormatOption,
  readLogEvents,
  readLogFileBatches,
} from '../index.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/hunt', import.meta.url));

async function readAll(
  paths: string | string[],
  options: Parameters<typeof readLogEvents>[1] = {},
): Promise<{ records: LogRecordResult[]; files: FileReadSummary[] }> {
  const records: LogRecordResult[] = [];
  const files: FileReadSummary[] = [];
  for await (const r of readLogEvents(paths, { ...options, onFileEnd: (s) => files.push(s) }))
    records.push(r);
  return { records, files };
}

const counts = (files: FileReadSummary[]) =>
  Object.fromEntries(
    files.map((f) => [f.file.slice(f.file.lastIndexOf('/') + 1), [f.format, f.good, f.bad]]),
  );

describe('readLogEvents on fixtures', () => {
  test('folder of fixtures: format sniffed per file, good/bad counts per file', async () => {
    const { files } = await readAll(FIXTURES);
    expect(counts(files)).toEqual({
      'bare-events.xml': ['xml', 2, 2],
      'evtx-dump-damaged.json': ['evtx-json', 2, 2],
      'wevtutil-export.xml': ['xml', 4, 0],
      'winlogbeat-ecs.ndjson': ['ecs-ndjson', 4, 2],
    });
  });

  test('.gz is decompressed by magic, whatever its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    const raw = readFileSync(join(FIXTURES, 'wevtutil-export.xml'));
    writeFileSync(join(dir, 'export.xml.gz'), gzipSync(raw));
    writeFileSync(
      join(dir, 'ecs.ndjson.gz'),
      gzipSync(readFileSync(join(FIXTURES, 'winlogbeat-ecs.ndjson'))),
    );
    writeFileSync(join(dir, 'README.md'), 'not a log');
    const { files, records } = await readAll(dir);
    expect(counts(files)).toEqual({ 'ecs.ndjson.gz': ['ecs-ndjson', 4, 2], 'export.xml.gz': ['xml', 4, 0] });
    expect(files.every((f) => f.compressed)).toBe(true);
    const bad = records.find((r) => !r.ok);
    expect(bad?.ok === false && bad.error.location).toMatchObject({
      file: join(dir, 'ecs.ndjson.gz'),
      line: 4,
    });
    expect(await detectLogFileFormat(join(dir, 'export.xml.gz'))).toMatchObject({
      format: 'xml',
      compressed: true,
    });
  });

  test('recursion only when asked; damaged gzip and unknown formats are per-file errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    const sub = join(dir, 'host1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.json'), '{"EventID":1,"Channel":"Security","Hostname":"h"}\n');
    writeFileSync(join(dir, 'b.json'), 'plain text log\n');
    writeFileSync(
      join(dir, 'c.json.gz'),
      gzipSync(Buffer.from('{"EventID":1,"Channel":"S"}\n')).subarray(0, 20),
    );
    const flat = await readAll(dir);
    expect(counts(flat.files)).toEqual({ 'b.json': [undefined, 0, 1], 'c.json.gz': [undefined, 0, 1] });
    expect(flat.files.map((f) => f.error?.code)).toEqual(['HUNT_INPUT_UNKNOWN_FORMAT', 'HUNT_INPUT_READ']);
    const deep = await readAll(dir, { recursive: true });
    expect(counts(deep.files)).toMatchObject({ 'a.json': ['flat-ndjson', 1, 0] });
    const missing = await readAll([join(dir, 'nope.json'), join(sub, 'a.json')]);
    expect(missing.records.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['HUNT_INPUT_NOT_FOUND', 'ok']);
  });

  test('--format overrides sniffing; a damaged EVTX file is reported, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    writeFileSync(join(dir, 'x.log'), '{"Event":{"System":{"EventID":5}}}');
    const forced = await readAll(join(dir, 'x.log'), { format: 'flat-ndjson' });
    expect(forced.records.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['HUNT_INPUT_NOT_EVENT']);
    expect(forced.files[0]?.reason).toBe('--format flat-ndjson');
    writeFileSync(join(dir, 'y.evtx'), Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(100)]));
    writeFileSync(join(dir, 'z.json'), '{"EventID":1,"Channel":"Security","Hostname":"h"}\n');
    const evtx = await readAll([join(dir, 'y.evtx'), join(dir, 'z.json')]);
    expect(evtx.files[0]).toMatchObject({ format: 'evtx', good: 0 });
    expect(evtx.files[0]?.bad).toBeGreaterThanOrEqual(1);
    expect(evtx.records[0]?.ok === false && evtx.records[0].error.location?.file).toBe(join(dir, 'y.evtx'));
    expect(evtx.files[1]).toMatchObject({ format: 'flat-ndjson', good: 1, bad: 0 });
    let seen = 0;
    const custom = await readAll(join(dir, 'y.evtx'), {
      evtx: async function* (file) {
        seen++;
        yield [{ ok: true, event: { EventID: 1 }, source: { file, format: 'evtx', index: 0 } }];
      },
    });
    expect([seen, custom.files[0]?.good]).toEqual([1, 1]);
    expect(parseLogFormatOption('Winlogbeat')).toBe('ecs-ndjson');
    expect(() => parseLogFormatOption('csv')).toThrow(/unknown log format "csv"/);
  });

  test('UTF-16LE XML export (PowerShell redirection) is transcoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    const text = readFileSync(join(FIXTURES, 'wevtutil-export.xml'), 'utf8').replace(
      'encoding="UTF-8"',
      'encoding="UTF-16"',
    );
    writeFileSync(
      join(dir, 'ps.xml'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const { files } = await readAll(dir);
    expect(counts(files)).toEqual({ 'ps.xml': ['xml', 4, 0] });
  });
});

describe('readLogEvents on large files', () => {
  test('a JSON record spanning five read blocks (4.5 MB) comes out whole', async () => {
    // The JSON framer keeps views of a record's earlier parts, so its blocks must never be reused.
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    const big = 'A'.repeat(4_500_000);
    const lines = [
      { EventID: 1, Channel: 'c', Hostname: 'h', CommandLine: 'first' },
      { EventID: 2, Channel: 'c', Hostname: 'h', CommandLine: big },
      { EventID: 3, Channel: 'c', Hostname: 'h', CommandLine: 'last' },
    ];
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const { records, files } = await readAll(file);
    expect(files[0]).toMatchObject({ format: 'flat-ndjson', good: 3, bad: 0 });
    expect(records.map((r) => (r.ok ? String(r.event.CommandLine).length : -1))).toEqual([5, big.length, 4]);
    expect(records[1]?.ok && records[1].event.CommandLine === big).toBe(true);
  });
});

describeShared('readLogEvents on ../shared/data', () => {
  test('every Sigma regression .json parses: 238 events in 202 files, 13 files with several documents', async () => {
    const { files } = await readAll(shared('sigma', 'regression_data'), { recursive: true, format: 'auto' });
    const json = files.filter((f) => f.format === 'evtx-json');
    expect(json).toHaveLength(202);
    expect(json.reduce((n, f) => n + f.good, 0)).toBe(238);
    expect(json.reduce((n, f) => n + f.bad, 0)).toBe(0);
    expect(json.filter((f) => f.good > 1)).toHaveLength(13);
    // the .evtx twins are decoded by the native EVTX reader: same number of events, no errors
    const evtx = files.filter((f) => f.format === 'evtx');
    expect(evtx).toHaveLength(202);
    expect(evtx.reduce((n, f) => n + f.good, 0)).toBe(238);
    expect(evtx.reduce((n, f) => n + f.bad, 0)).toBe(0);
  });

  test('OTRF flat NDJSON: one event per line, no errors, Sysmon and Security fields present', async () => {
    const { files, records } = await readAll(shared('otrf'));
    expect(counts(files)).toEqual({
      'cmd_netsh_fw_mod_open_ports_2020-10-2100191105.json': ['flat-ndjson', 2366, 0],
      'empire_shell_reg_dump_sam_2020-09-22042823.json': ['flat-ndjson', 738, 0],
      'psh_lsass_memory_dump_comsvcs_2020-10-18T19500924.json': ['flat-ndjson', 184, 0],
      'reg_disable_eventlog_service_startuptype_modification_via_registry.json': ['flat-ndjson', 3872, 0],
      'wmic_remote_xsl_jscript_2020-10-1802171958.json': ['flat-ndjson', 1364, 0],
    });
    const regSave = records.find(
      (r) => r.ok && r.event.EventID === 4688 && String(r.event.CommandLine).includes('save HKLM\\sam'),
    );
    expect(regSave?.ok && regSave.event).toMatchObject({
      Channel: 'security',
      Computer: 'WORKSTATION5.theshire.local',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      NewProcessName: 'C:\\Windows\\System32\\reg.exe',
      Keywords: '0x8020000000000000',
    });
    for (const r of records) {
      if (!r.ok) continue;
      expect(typeof r.event.EventID).toBe('number');
      expect(r.event.TimeCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(r.event).not.toHaveProperty('Message');
    }
  });

  test('files read at the same time, as the lanes of a hunt do, give what each gives alone', async () => {
    // Small files share whole-file buffers once closed: interleaving must never let one file see another's bytes.
    const dir = mkdtempSync(join(tmpdir(), 'sw-inputs-'));
    const evtx = readdirSync(shared('evtx-attack-samples'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.evtx'))
      .sort()
      .slice(0, 12)
      .map((f) => join(shared('evtx-attack-samples'), f));
    const text = [join(FIXTURES, 'winlogbeat-ecs.ndjson'), join(FIXTURES, 'wevtutil-export.xml')];
    const gz = join(dir, 'copy.evtx.gz');
    writeFileSync(gz, gzipSync(readFileSync(evtx[0]!)));
    const files = [...evtx, ...text, gz];
    const key = (r: LogRecordResult) => JSON.stringify(r.ok ? r.event : r.error.code);
    const alone = new Map<string, string[]>();
    for (const f of files) alone.set(f, (await readAll(f)).records.map(key));
    const together = new Map<string, string[]>(files.map((f) => [f, []]));
    // Three readers at a time, one batch each in turn, a new file starting whenever one is done (so the buffers
    // of closed files are taken up by files opened after them).
    const queue = [...files];
    const open = () => {
      const f = queue.shift();
      return f === undefined ? undefined : { f, it: readLogFileBatches(f)[Symbol.asyncIterator]() };
    };
    let lanes = [open(), open(), open()];
    while (lanes.some((l) => l !== undefined)) {
      lanes = await Promise.all(
        lanes.map(async (l) => {
          if (!l) return undefined;
          const n = await l.it.next();
          if (n.done) return open();
          together.get(l.f)!.push(...n.value.map(key));
          return l;
        }),
      );
    }
    expect(together).toEqual(alone);
    expect([...alone.values()].reduce((n, v) => n + v.length, 0)).toBeGreaterThan(100);
  });

  test('large EVTX files, read in blocks used in turn, give the events of the EVTX reader', async () => {
    const large = [
      'DeepBlueCLI/many-events-application.evtx',
      'DeepBlueCLI/smb-password-guessing-security.evtx',
      'DeepBlueCLI/Powershell-Invoke-Obfuscation-many.evtx',
    ].map((f) => join(shared('hayabusa-sample-evtx'), f));
    for (const f of large) expect(statSync(f).size).toBeGreaterThan(2 << 20);
    const viaInputs = (await readAll(large)).records.map((r) =>
      r.ok ? JSON.stringify(r.event) : r.error.code,
    );
    const viaReader: string[] = [];
    for await (const item of readEvtxFiles(large, { format: 'flat' }))
      viaReader.push(item.ok ? JSON.stringify(item.value) : item.error.code);
    expect(viaInputs.length).toBeGreaterThan(1000);
    expect(viaInputs).toEqual(viaReader);
  });
});
