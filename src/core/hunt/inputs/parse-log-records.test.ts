import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  type ChunkSource,
  type LogFormat,
  type LogRecordResult,
  normaliseTimestamp,
  parseLogRecordBatches,
  parseLogRecords,
  parseXmlElement,
  sniffLogFormat,
} from '../index.js';

const fixture = (name: string): Uint8Array =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/hunt/${name}`, import.meta.url)));

async function collect(
  source: ChunkSource,
  format: Exclude<LogFormat, 'evtx'>,
  extra: { framing?: 'lines' | 'values'; maxRecordBytes?: number } = {},
): Promise<LogRecordResult[]> {
  const out: LogRecordResult[] = [];
  for await (const r of parseLogRecords(source, { file: 'f', format, ...extra })) out.push(r);
  return out;
}

/** Splits bytes into chunks of `size` bytes (to prove framing does not depend on chunk boundaries). */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const summary = (rs: LogRecordResult[]) =>
  rs.map((r) =>
    r.ok ? `ok@${r.source.line}` : `${r.error.code}@${r.error.location?.line}:${r.error.location?.offset}`,
  );

describe('evtx_dump JSON', () => {
  test('damaged fixture: 2 good, 2 bad, located, chunk-size independent', async () => {
    const bytes = fixture('evtx-dump-damaged.json');
    const whole = await collect(bytes, 'evtx-json');
    expect(summary(whole)).toEqual([
      'ok@1',
      'HUNT_INPUT_JSON@16:870',
      'ok@23',
      'HUNT_INPUT_NOT_EVENT@34:1761',
    ]);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      expect(summary(await collect(chunked(bytes, size), 'evtx-json'))).toEqual(summary(whole));
    }
    const third = whole[2];
    expect(third?.ok && third.event).toEqual({
      Provider_Name: 'Service Control Manager',
      Provider_Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
      Provider_EventSourceName: 'Service Control Manager',
      EventID: 7045,
      EventID_Qualifiers: 16384,
      TimeCreated: '2024-02-07T10:22:00Z',
      EventRecordID: 90180,
      Channel: 'System',
      Computer: 'DC01.corp.example',
      ServiceName: 'frps',
      ImagePath: 'C:\\Users\\Public\\frps.exe -c frps.ini',
      Data: ['a', 'b'],
      'EventData.Channel': 'clash',
      Binary: 'DEADBEEF',
    });
  });

  test('system fields, typed values', async () => {
    const [r] = await collect(fixture('evtx-dump-damaged.json'), 'evtx-json');
    expect(r?.ok && r.event).toEqual({
      Provider_Name: 'Microsoft-Windows-Sysmon',
      Provider_Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: '2024-02-07T10:20:31.771001Z',
      EventRecordID: 884250,
      ProcessID: 2820,
      ThreadID: 3712,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'DC01.corp.example',
      SecurityUserID: 'S-1-5-18',
      Image: 'C:\\Windows\\System32\\vssadmin.exe',
      CommandLine: 'vssadmin create shadow /for=C:',
      ProcessId: 6120,
    });
  });

  test('back-to-back, one-per-line and array-wrapped documents', async () => {
    const doc = (id: number) =>
      JSON.stringify({ Event: { System: { EventID: id, Channel: 'X' }, EventData: {} } });
    const variants = [
      `${doc(1)}${doc(2)}${doc(3)}`,
      `${doc(1)}\n${doc(2)}\r\n${doc(3)}\n`,
      `[${doc(1)},\n${doc(2)} , ${doc(3)}]`,
      `\uFEFF${JSON.stringify(JSON.parse(doc(1)), null, 2)}\n${doc(2)}\n${doc(3)}`,
    ];
    for (const text of variants) {
      const rs = await collect(text, 'evtx-json');
      expect(rs.map((r) => r.ok && r.event.EventID)).toEqual([1, 2, 3]);
    }
  });

  test('unnamed Data in every evtx_dump rendering becomes an array; UserData children flattened', async () => {
    const base = { System: { EventID: 1 } };
    const cases: [unknown, unknown][] = [
      [{ Data: 'one' }, ['one']],
      [{ Data: ['a', 'b'] }, ['a', 'b']],
      [{ Data: { '#text': 'x' } }, ['x']],
      [{ Data: { '#text': ['x', 7] } }, ['x', 7]],
    ];
    for (const [eventData, expected] of cases) {
      const [r] = await collect(JSON.stringify({ Event: { ...base, EventData: eventData } }), 'evtx-json');
      expect(r?.ok && r.event.Data).toEqual(expected);
    }
    const [u] = await collect(
      JSON.stringify({
        Event: {
          ...base,
          UserData: {
            LogFileCleared: { '#attributes': { xmlns: 'x' }, SubjectUserName: 'bob', Inner: { Deep: 1 } },
          },
        },
      }),
      'evtx-json',
    );
    expect(u?.ok && u.event).toEqual({ EventID: 1, SubjectUserName: 'bob', 'Inner.Deep': 1 });
  });

  test('text between documents is reported per line and reading goes on', async () => {
    const doc = (id: number) => JSON.stringify({ Event: { System: { EventID: id } } });
    const rs = await collect(
      `${doc(1)}\n-- export truncated --\n42\n${doc(2)}\n{"Event": {"System": {"EventID": 3}}`,
      'evtx-json',
    );
    expect(summary(rs)).toEqual([
      'ok@1',
      'HUNT_INPUT_JSON@2:35',
      'HUNT_INPUT_JSON@3:58',
      'ok@4',
      'HUNT_INPUT_JSON@5:96',
    ]);
    expect(rs[1]?.ok === false && rs[1].error.message).toBe(
      'unexpected text outside a JSON document: -- export truncated --',
    );
    expect(rs[4]?.ok === false && rs[4].error.message).toMatch(/^truncated JSON document at end of input/);
  });

  test('a document over the cap is reported and skipped; the next is read', async () => {
    const big = JSON.stringify({ Event: { System: { EventID: 1 }, EventData: { Blob: 'x'.repeat(5000) } } });
    const small = JSON.stringify({ Event: { System: { EventID: 2 } } });
    const rs = await collect(chunked(new TextEncoder().encode(`${big}\n${small}`), 100), 'evtx-json', {
      maxRecordBytes: 1000,
    });
    expect(summary(rs)).toEqual(['HUNT_INPUT_RECORD_TOO_LARGE@1:0', 'ok@2']);
    expect(rs[0]?.ok === false && rs[0].error.message).toMatch(/exceeds the 1000-byte limit/);
  });
});

describe('NDJSON lines', () => {
  test('winlogbeat fixture: 4 good, 2 bad lines', async () => {
    const rs = await collect(fixture('winlogbeat-ecs.ndjson'), 'ecs-ndjson', { framing: 'lines' });
    expect(rs.map((r) => r.ok)).toEqual([true, true, true, false, false, true]);
    expect(rs.filter((r) => !r.ok).map((r) => !r.ok && [r.error.code, r.error.location?.line])).toEqual([
      ['HUNT_INPUT_JSON', 4],
      ['HUNT_INPUT_JSON', 5],
    ]);
  });

  test('ECS mapping', async () => {
    const rs = await collect(fixture('winlogbeat-ecs.ndjson'), 'ecs-ndjson', { framing: 'lines' });
    const good = rs.flatMap((r) => (r.ok ? [r.event] : []));
    expect(good[1]).toMatchObject({
      EventID: 4688,
      Channel: 'Security',
      Computer: 'DC01.corp.example',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      EventRecordID: 5531876,
      TimeCreated: '2024-02-07T10:15:02.520Z',
      ProcessID: 4,
      ThreadID: 5216,
      NewProcessName: 'C:\\Windows\\System32\\ntdsutil.exe',
      CommandLine: 'ntdsutil "ac i ntds" "ifm" "create full C:\\Windows\\Temp\\pro" q q',
    });
    expect(good[2]).toEqual({
      EventID: 104,
      Channel: 'System',
      Provider_Name: 'Microsoft-Windows-Eventlog',
      Computer: 'DC01.corp.example',
      TimeCreated: '2024-02-07T10:41:17.004Z',
      EventRecordID: 90211,
      Version: 0,
      ProcessID: 1180,
      ThreadID: 4400,
      SecurityUserID: 'S-1-5-21-1004336348-1177238915-682003330-1118',
      SubjectUserName: 'svc_backup',
      SubjectDomainName: 'CORP',
      'EventData.Channel': 'Windows PowerShell',
      BackupPath: '',
    });
    expect(good[0]).toMatchObject({ EventID: 1, Level: 4, Image: 'C:\\Windows\\System32\\ntdsutil.exe' });
  });

  test('flat NXLog record: metadata dropped, Keywords rendered as hex, clash diverted', async () => {
    const line = JSON.stringify({
      Keywords: 'KEYWORDS',
      EventID: 4688,
      Channel: 'security',
      Hostname: 'WS5.theshire.local',
      host: 'wec.internal.cloudapp.net',
      SourceName: 'Microsoft-Windows-Security-Auditing',
      ProviderGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      EventTime: '2020-09-22 04:28:40',
      '@timestamp': '2020-09-22T08:28:42.564Z',
      EventReceivedTime: '2020-09-22 04:28:42',
      RecordNumber: 820988,
      ExecutionProcessID: 4,
      ThreadID: 7140,
      EventType: 'AUDIT_SUCCESS',
      Opcode: 'Info',
      OpcodeValue: 0,
      SourceModuleType: 'im_msvistalog',
      Message: 'A new process has been created.',
      tags: ['mordorDataset'],
      NewProcessName: 'C:\\Windows\\System32\\reg.exe',
      CommandLine: '"C:\\windows\\system32\\reg.exe" save HKLM\\sam sam',
      nested: { a: { b: 1 } },
    }).replace('"KEYWORDS"', '-9214364837600034816'); // NXLog's signed 64-bit rendering
    const [r] = await collect(line, 'flat-ndjson', { framing: 'lines' });
    expect(r?.ok && r.event).toEqual({
      EventID: 4688,
      Channel: 'security',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      Provider_Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      Computer: 'WS5.theshire.local',
      TimeCreated: '2020-09-22T08:28:42.564Z',
      EventRecordID: 820988,
      Keywords: '0x8020000000000000',
      Opcode: 0,
      ProcessID: 4,
      ThreadID: 7140,
      NewProcessName: 'C:\\Windows\\System32\\reg.exe',
      CommandLine: '"C:\\windows\\system32\\reg.exe" save HKLM\\sam sam',
      'nested.a.b': 1,
    });
  });

  test('Elasticsearch exports: the event is taken from _source', async () => {
    const hit = {
      _index: 'winlogbeat-8.12.0-2024.02.07',
      _id: 'x1',
      _source: {
        '@timestamp': '2024-02-07T10:15:02.511Z',
        winlog: {
          channel: 'Security',
          event_id: 4688,
          event_data: { NewProcessName: 'C:\\Windows\\System32\\ntdsutil.exe' },
        },
      },
    };
    const text = `${JSON.stringify(hit)}\n`;
    expect(sniffLogFormat(new TextEncoder().encode(text))).toMatchObject({
      format: 'ecs-ndjson',
      framing: 'lines',
    });
    const [r] = await collect(text, 'ecs-ndjson', { framing: 'lines' });
    expect(r?.ok && r.event).toEqual({
      EventID: 4688,
      Channel: 'Security',
      TimeCreated: '2024-02-07T10:15:02.511Z',
      NewProcessName: 'C:\\Windows\\System32\\ntdsutil.exe',
    });
  });

  test('an over-long line is skipped without buffering it', async () => {
    const text = `{"EventID":1,"Channel":"a"}\n{"EventID":2,"Channel":"${'y'.repeat(300)}"}\n{"EventID":3,"Channel":"c"}`;
    const rs = await collect(chunked(new TextEncoder().encode(text), 16), 'flat-ndjson', {
      framing: 'lines',
      maxRecordBytes: 100,
    });
    expect(summary(rs)).toEqual(['ok@1', 'HUNT_INPUT_RECORD_TOO_LARGE@2:28', 'ok@3']);
  });
});

describe('XML', () => {
  test('wevtutil export: 4 events, entities, CDATA, Qualifiers, Binary, UserData', async () => {
    const bytes = fixture('wevtutil-export.xml');
    const rs = await collect(bytes, 'xml');
    expect(rs.every((r) => r.ok)).toBe(true);
    for (const size of [1, 5, 13, 4096]) {
      expect(summary(await collect(chunked(bytes, size), 'xml'))).toEqual(summary(rs));
    }
    const events = rs.flatMap((r) => (r.ok ? [r.event] : []));
    expect(events[0]?.CommandLine).toBe(
      'wmic process call create "cmd.exe /c netsh interface portproxy add v4tov4 listenport=9999 listenaddress=0.0.0.0 connectport=8443 connectaddress=10.2.4.11 && echo <ok> > C:\\Windows\\Temp\\p.txt"',
    );
    expect(events[1]).toEqual({
      Provider_Name: 'Service Control Manager',
      Provider_Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
      Provider_EventSourceName: 'Service Control Manager',
      EventID: 7036,
      EventID_Qualifiers: 16384,
      Version: 0,
      Level: 4,
      Task: 0,
      Opcode: 0,
      Keywords: '0x8080000000000000',
      TimeCreated: '2024-02-07T10:17:01.000000000Z',
      EventRecordID: 90177,
      ActivityID: '{B2C1A6E0-59A1-0003-46A5-C1B2A159DA01}',
      ProcessID: 652,
      ThreadID: 7140,
      Channel: 'System',
      Computer: 'DC01.corp.example',
      param1: 'Volume Shadow Copy',
      param2: 'running',
      Binary: '560053005300000000000000',
    });
    expect(events[2]).toMatchObject({
      EventID: 1102,
      SubjectUserName: 'svc_backup',
      SubjectLogonId: '0x1b7e0b',
    });
    expect(events[3]).toMatchObject({
      ScriptBlockText:
        'Get-WinEvent -FilterHashtable @{LogName=\'Security\'; Id=4624} | Where-Object { $_.Message -match "<admin>" }',
      Path: '',
      TimeCreated: '2024-02-07T10:40:58.5Z',
    });
  });

  test('bare concatenated events: 2 good, bad entity and truncated event reported', async () => {
    const rs = await collect(fixture('bare-events.xml'), 'xml');
    expect(summary(rs)).toEqual(['ok@1', 'HUNT_INPUT_XML@2:1414', 'ok@3', 'HUNT_INPUT_XML@4:1878']);
    const bad = rs[1];
    expect(bad?.ok === false && bad.error.message).toBe('malformed XML: unknown entity &bogus;');
    expect(rs[2]?.ok && rs[2].event).toMatchObject({
      EventID: 1000,
      EventID_Qualifiers: 0,
      Data: ['frpc.exe', '0.51.3.0', '00000000'],
    });
    expect(rs[0]?.ok && rs[0].event.TargetObject).toBe(
      'HKLM\\System\\CurrentControlSet\\Services\\PortProxy\\v4tov4\\tcp\\0.0.0.0/9999',
    );
  });

  test('prefixed Event elements, comments and CDATA holding "</Event>" do not confuse the framer; caps apply', async () => {
    const ev = (id: number, extra = '') =>
      `<ev:Event xmlns:ev="http://schemas.microsoft.com/win/2004/08/events/event"><ev:System><ev:EventID>${id}</ev:EventID><ev:Channel>X</ev:Channel></ev:System><ev:EventData><ev:Data Name="T">${extra}</ev:Data></ev:EventData></ev:Event>`;
    const text = `<!-- </Event> --><Events>${ev(1, '<![CDATA[</Event><Event>]]>')}<?pi </Event>?>${ev(2, 'x'.repeat(500))}${ev(3)}</Events>`;
    const rs = await collect(chunked(new TextEncoder().encode(text), 7), 'xml', { maxRecordBytes: 400 });
    expect(rs.map((r) => (r.ok ? [r.event.EventID, r.event.T] : r.error.code))).toEqual([
      [1, '</Event><Event>'],
      'HUNT_INPUT_RECORD_TOO_LARGE',
      [3, ''],
    ]);
  });

  test('text outside any element (a non-XML file forced to XML) is reported once, with its line and offset', async () => {
    const json = '{"EventID": 4688, "Channel": "Security"}\n{"EventID": 1}\n';
    for (const size of [3, 4096]) {
      const rs = await collect(chunked(new TextEncoder().encode(json), size), 'xml');
      expect(summary(rs)).toEqual(['HUNT_INPUT_XML@1:0']);
    }
    // A BOM, blanks and markup around events are not text; text between events is, once.
    const ok = '<Event><System><EventID>1</EventID></System></Event>';
    const text = `\uFEFF<?xml version="1.0"?>\n<Events>\n  ${ok}\n junk ${ok} more junk\n</Events>\n`;
    expect(summary(await collect(new TextEncoder().encode(text), 'xml'))).toEqual([
      'ok@3',
      'HUNT_INPUT_XML@4:90',
      'ok@4',
    ]);
  });

  test('element parser: prefixes, single quotes, char refs, comments', () => {
    const e = parseXmlElement(
      `<e:Event xmlns:e="urn:x"><!-- c --><e:A k='1 &amp; 2' e:j="&#x41;&#66;">t&lt;x&gt;<?pi x?></e:A><B/></e:Event>`,
    );
    expect(e.name).toBe('Event');
    expect(e.children.map((c) => [c.name, c.attributes, c.text])).toEqual([
      ['A', { k: '1 & 2', j: 'AB' }, 't<x>'],
      ['B', {}, ''],
    ]);
    expect(() => parseXmlElement('<a><b></a>')).toThrow(/does not match/);
    expect(() => parseXmlElement('<a>')).toThrow(/not closed/);
  });
});

describe('format sniffing', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test.each([
    ['{"Event":{"System":{"EventID":1}}}\n', 'evtx-json', 'lines'],
    ['{\n  "Event": {\n    "System": {}\n  }\n}', 'evtx-json', 'values'],
    ['[{"Event":{"System":{"EventID":1}}}]', 'evtx-json', 'values'],
    ['{"winlog":{"event_id":1},"@timestamp":"x"}\n', 'ecs-ndjson', 'lines'],
    ['{"EventID":1,"Channel":"Security","Hostname":"a"}\n', 'flat-ndjson', 'lines'],
    ['<?xml version="1.0"?><Events>', 'xml', 'xml'],
    ['\uFEFF  <Event>', 'xml', 'xml'],
    ['ElfFile\0rest', 'evtx', 'evtx'],
    ['hello', undefined, 'lines'],
    ['{"foo":1}\n', undefined, 'lines'],
  ])('%j → %s', (text, format, framing) => {
    const s = sniffLogFormat(enc(text));
    expect([s.format, s.framing]).toEqual([format, framing]);
  });
  test('first document larger than the window is judged by key names', () => {
    expect(
      sniffLogFormat(enc(`{"Event": {"System": {"EventID": 1}, "EventData": {"X": "${'a'.repeat(100)}`))
        .format,
    ).toBe('evtx-json');
  });
});

test('timestamps normalise to UTC Z keeping fraction digits', () => {
  expect(normaliseTimestamp('2020-10-18 07:50:05.910')).toBe('2020-10-18T07:50:05.910Z');
  expect(normaliseTimestamp('2024-02-07T10:17:01.000000000Z')).toBe('2024-02-07T10:17:01.000000000Z');
  expect(normaliseTimestamp('2024-02-07T12:17:01.1234567+02:00')).toBe('2024-02-07T10:17:01.1234567Z');
  expect(normaliseTimestamp('yesterday')).toBeUndefined();
});

describe('record batches', () => {
  test('a batch holds up to 128 records of one read chunk, in order, bad records in place', async () => {
    const line = (i: number) =>
      i === 150 ? '{"EventID": 1, "Channel": broken}\n' : `{"EventID": ${i}, "Channel": "Security"}\n`;
    const text = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => line(from + k)).join('');
    const enc = new TextEncoder();
    // 100 lines, then 200 lines whose first one began in the previous chunk (cut in the middle).
    const first = enc.encode(`${text(0, 100)}{"EventID": 100,`);
    const second = enc.encode(` "Channel": "Security"}\n${text(101, 300)}`);
    const sizes: number[] = [];
    const all: LogRecordResult[] = [];
    for await (const batch of parseLogRecordBatches([first, second], {
      file: 'f',
      format: 'flat-ndjson',
      framing: 'lines',
    })) {
      sizes.push(batch.length);
      all.push(...batch);
    }
    expect(sizes).toEqual([100, 128, 72]);
    expect(all.map((r) => r.source.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(all.map((r) => (r.ok ? r.event.EventID : r.error.code))).toEqual(
      Array.from({ length: 300 }, (_, i) => (i === 150 ? 'HUNT_INPUT_JSON' : i)),
    );
    expect(all[150]!.source.line).toBe(151);
  });
});
