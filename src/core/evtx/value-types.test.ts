import { describe, expect, it } from 'vitest';
import { ChunkWriter, evtxFile, V, type WValue } from '../../../test/fixtures/evtx/evtx-writer.js';
import { type EvtxRecord, readEvtx, recordToFlat, recordToJson, recordToXml } from './index.js';
import { formatFiletime } from './value-format.js';

/** Renders one value through a one-Data template in all three styles. */
function render(value: WValue, id = 1) {
  const w = new ChunkWriter();
  w.record(id, {
    template: {
      id: `t${value.type}`,
      root: {
        e: 'Event',
        c: [
          {
            e: 'EventData',
            c: [{ e: 'Data', a: [['Name', [{ text: 'V' }]]], c: [{ sub: 0, type: value.type }] }],
          },
        ],
      },
    },
    values: [value],
  });
  const results = [
    ...readEvtx(evtxFile([w.finish()]), {
      render: (r) => ({ json: recordToJson(r), xml: recordToXml(r), flat: recordToFlat(r) }),
    }),
  ];
  expect(results).toHaveLength(1);
  const r = results[0]!;
  if (!r.ok) throw r.error;
  const json = (r.value.json.Event as { EventData: { V: unknown } }).EventData.V;
  const xml = /<Data Name="V"(?:\/>|>([\s\S]*?)<\/Data>)/.exec(r.value.xml);
  return { json, xml: xml ? (xml[1] ?? '') : undefined, xmlDoc: r.value.xml, flat: r.value.flat.V };
}

const guidBytes = [
  0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
];
const sidBytes = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0]; // S-1-5-32-544
const u32le = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

describe('value types (every MS-EVEN6 type, scalar and array)', () => {
  it.each([
    ['NullType', V.null(), null, '', null],
    ['StringType (trailing NUL dropped)', V.raw(1, [0x41, 0, 0x42, 0, 0, 0]), 'AB', 'AB', 'AB'],
    ['AnsiStringType', V.ansi('cmd.exe'), 'cmd.exe', 'cmd.exe', 'cmd.exe'],
    ['Int8Type', V.i8(-5), -5, '-5', -5],
    ['UInt8Type', V.u8(250), 250, '250', 250],
    ['Int16Type', V.i16(-300), -300, '-300', -300],
    ['UInt16Type', V.u16(65535), 65535, '65535', 65535],
    ['Int32Type', V.i32(-70000), -70000, '-70000', -70000],
    ['UInt32Type', V.u32(4294967295), 4294967295, '4294967295', 4294967295],
    ['Int64Type', V.i64(-5n), -5, '-5', -5],
    [
      'UInt64Type (beyond 2^53 as decimal string)',
      V.u64(18446744073709551615n),
      '18446744073709551615',
      '18446744073709551615',
      '18446744073709551615',
    ],
    ['Real32Type', V.raw(0x0b, [0xcd, 0xcc, 0xcc, 0x3d]), 0.1, '0.1', 0.1],
    ['Real64Type', V.raw(0x0c, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f]), 1.5, '1.5', 1.5],
    ['BoolType', V.raw(0x0d, [1, 0, 0, 0]), true, 'true', true],
    ['BinaryType', V.raw(0x0e, [0xde, 0xad, 0x0b]), 'DEAD0B', 'DEAD0B', 'DEAD0B'],
    [
      'GuidType',
      V.raw(0x0f, guidBytes),
      '00112233-4455-6677-8899-AABBCCDDEEFF',
      '{00112233-4455-6677-8899-AABBCCDDEEFF}',
      '{00112233-4455-6677-8899-AABBCCDDEEFF}',
    ],
    ['SizeTType (64-bit)', V.raw(0x10, [0x10, 0, 0, 0, 0, 0, 0, 0]), '0x10', '0x10', '0x10'],
    [
      'FileTimeType',
      V.filetime(132_000_000_000_001_234n),
      '2019-04-17T18:40:00.000123Z',
      '2019-04-17T18:40:00.0001234Z',
      '2019-04-17T18:40:00.0001234Z',
    ],
    [
      'SysTimeType',
      V.raw(0x12, [0xe3, 0x07, 4, 0, 0, 0, 14, 0, 22, 0, 13, 0, 20, 0, 0x7b, 0]),
      '2019-04-14T22:13:20.123Z',
      '2019-04-14T22:13:20.123Z',
      '2019-04-14T22:13:20.123Z',
    ],
    ['SidType', V.raw(0x13, sidBytes), 'S-1-5-32-544', 'S-1-5-32-544', 'S-1-5-32-544'],
    ['HexInt32Type', V.hex32(0x342ba), '0x342ba', '0x342ba', '0x342ba'],
    [
      'HexInt64Type',
      V.hex64(0x8020000000000000n),
      '0x8020000000000000',
      '0x8020000000000000',
      '0x8020000000000000',
    ],
    ['EvtHandle', V.raw(0x20, u32le(42)), 42, '42', 42],
    ['EvtXml', V.raw(0x23, [0x3c, 0, 0x61, 0, 0x2f, 0, 0x3e, 0]), '<a/>', '&lt;a/&gt;', '<a/>'],
  ])('%s', (_name, value, json, xml, flat) => {
    const r = render(value);
    expect(r.json).toStrictEqual(json);
    expect(r.xml).toBe(xml);
    expect(r.flat).toStrictEqual(flat);
  });

  it('arrays: JSON and flat keep an array, XML repeats the element once per item', () => {
    const strings = render(V.raw(0x81, [0x61, 0, 0, 0, 0x62, 0, 0x63, 0, 0, 0]));
    expect(strings.json).toStrictEqual(['a', 'bc']);
    expect(strings.flat).toStrictEqual(['a', 'bc']);
    expect(strings.xmlDoc).toContain('<Data Name="V">a</Data>\n    <Data Name="V">bc</Data>');
    expect(render(V.raw(0x82, [0x61, 0, 0x62])).json).toStrictEqual(['a', 'b']);
    expect(render(V.raw(0x83, [0xff, 1])).json).toStrictEqual([-1, 1]);
    expect(render(V.raw(0x84, [0xff, 1])).json).toStrictEqual([255, 1]);
    expect(render(V.raw(0x85, [0xff, 0xff, 2, 0])).json).toStrictEqual([-1, 2]);
    expect(render(V.raw(0x86, [0xff, 0xff, 2, 0])).json).toStrictEqual([65535, 2]);
    expect(render(V.raw(0x87, [...u32le(0xffffffff), ...u32le(3)])).json).toStrictEqual([-1, 3]);
    expect(render(V.raw(0x88, [...u32le(0xffffffff), ...u32le(3)])).json).toStrictEqual([4294967295, 3]);
    expect(render(V.raw(0x89, [1, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual([1]);
    expect(render(V.raw(0x8a, [2, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual([2]);
    expect(render(V.raw(0x8b, [0, 0, 0x80, 0x3f])).json).toStrictEqual([1]);
    expect(render(V.raw(0x8c, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])).json).toStrictEqual([1.5]);
    expect(render(V.raw(0x8d, [1, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual([true, false]);
    expect(render(V.raw(0x8f, guidBytes)).json).toStrictEqual(['00112233-4455-6677-8899-AABBCCDDEEFF']);
    expect(render(V.raw(0x90, [1, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual(['0x1']);
    expect(render(V.raw(0x91, [0, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual(['1601-01-01T00:00:00.000000Z']);
    expect(
      render(V.raw(0x92, [0xe3, 0x07, 4, 0, 0, 0, 14, 0, 22, 0, 13, 0, 20, 0, 0, 0])).json,
    ).toStrictEqual(['2019-04-14T22:13:20.000Z']);
    expect(render(V.raw(0x93, [...sidBytes, 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])).json).toStrictEqual([
      'S-1-5-32-544',
      'S-1-5-18',
    ]);
    expect(render(V.raw(0x94, u32le(255))).json).toStrictEqual(['0xff']);
    expect(render(V.raw(0x95, [1, 0, 0, 0, 0, 0, 0, 0])).json).toStrictEqual(['0x1']);
    expect(render(V.raw(0x94, [])).xmlDoc).toContain('<Data Name="V"/>');
  });

  it('rejects a fixed-size value of the wrong size with a located error', () => {
    const w = new ChunkWriter();
    w.record(1, {
      template: { id: 'bad', root: { e: 'Event', c: [{ sub: 0, type: 8 }] } },
      values: [V.raw(0x08, [1, 2])],
    });
    const [r] = [...readEvtx(evtxFile([w.finish()]), { render: recordToJson })];
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.code).toBe('evtx.value.bad-size');
      expect(r.error.location?.path).toBe('TemplateInstanceData.value[0]');
      expect(r.recordId).toBe(1);
    }
  });

  it('rejects a UTF-16 string of an odd byte count and an undefined type, located at the value descriptor', () => {
    const cases: [WValue, string, string][] = [
      [V.raw(0x01, [0x61, 0, 0x62]), 'evtx.value.bad-size', 'TemplateInstanceData.valueSpec[0].size'],
      [V.raw(0x23, [0x61, 0, 0x62]), 'evtx.value.bad-size', 'TemplateInstanceData.valueSpec[0].size'],
      [V.raw(0x81, [0x61, 0, 0x62]), 'evtx.value.bad-size', 'TemplateInstanceData.valueSpec[0].size'],
      [V.raw(0x7e, [1, 2, 3, 4]), 'evtx.value.bad-type', 'TemplateInstanceData.valueSpec[0].type'],
      [V.raw(0x16, [1, 2, 3, 4]), 'evtx.value.bad-type', 'TemplateInstanceData.valueSpec[0].type'],
    ];
    for (const [value, code, path] of cases) {
      const w = new ChunkWriter();
      w.record(1, {
        template: {
          id: 'bad',
          root: { e: 'Event', c: [{ e: 'EventData', c: [{ e: 'Data', c: [{ sub: 0, type: 1 }] }] }] },
        },
        values: [value],
      });
      const file = evtxFile([w.finish()]);
      const renderers: ((rec: EvtxRecord) => unknown)[] = [recordToJson, recordToXml, recordToFlat];
      for (const render of renderers) {
        const [r] = [...readEvtx(file, { render })];
        expect(r?.ok).toBe(false);
        if (!r || r.ok) continue;
        expect(r.error.code).toBe(code);
        expect(r.error.location?.path).toBe(path);
        expect(r.recordId).toBe(1);
        // The offset is the descriptor field itself: its byte count, or its type byte.
        const at = r.error.location!.offset!;
        if (code === 'evtx.value.bad-size') expect(file[at]).toBe(3);
        else expect(file[at]).toBe(value.type);
      }
    }
  });

  it('XML replaces each character XML 1.0 forbids with U+FFFD; JSON and the flat event keep the value', () => {
    const raw = '\u01ff\u000f-\u0002\ud800x';
    const r = render(V.str(raw));
    expect(r.xml).toBe('\u01ff\ufffd-\ufffd\ufffdx');
    expect(r.json).toBe(raw);
    expect(r.flat).toBe(raw);
    // Tab, line feed, carriage return and surrogate pairs are XML characters.
    expect(render(V.str('a\tb\r\nc\ud83d\ude00')).xml).toBe('a\tb\r\nc\ud83d\ude00');
  });
});

describe('FILETIME text', () => {
  // Reference: exact BigInt arithmetic; the calendar part through Date where it prints a 4-digit year.
  const reference = (low: number, high: number, digits: 6 | 7): { full?: string; tail: string } => {
    const t = (BigInt(high) << 32n) | BigInt(low);
    const secs = t / 10_000_000n;
    const frac = (t % 10_000_000n).toString().padStart(7, '0').slice(0, digits);
    const tail = `${(secs % 60n).toString().padStart(2, '0')}.${frac}Z`;
    const ms = Number(secs - 11_644_473_600n) * 1000;
    if (ms >= 253_402_300_800_000) return { tail }; // year 10000 and later
    return { full: `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`, tail };
  };

  it('is exact on both sides of 2^53 ticks and on the far-future path', () => {
    const highs = [0, 0x1fffff, 0x200000, 0x01d9a2b3, 0x01dfffff, 0x6bffffff, 0x6c000000, 0xffffffff];
    const lows = [0, 1, 9_999_999, 10_000_000, 0x7fffffff, 0xfffffffe, 0xffffffff];
    for (const high of highs)
      for (const low of lows)
        for (const digits of [6, 7] as const) {
          const got = formatFiletime(low, high, digits);
          const want = reference(low, high, digits);
          if (want.full !== undefined) expect(got).toBe(want.full);
          expect(got.endsWith(`:${want.tail}`)).toBe(true);
        }
  });
});
