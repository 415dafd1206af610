import { describe, expect, it } from 'vitest';
import { ChunkWriter, evtxFile, sampleFile, V, type WNode } from '../../../test/fixtures/evtx/evtx-writer.js';
import { recordToFlatGeneric } from './evtx-record.js';
import { readEvtx, recordToFlat, recordToJson, recordToJsonLine, recordToXml } from './index.js';

function one(root: WNode, extra?: (w: ChunkWriter) => void) {
  const w = new ChunkWriter();
  extra?.(w);
  w.record(99, root);
  const rs = [
    ...readEvtx(evtxFile([w.finish()]), {
      render: (r) => ({
        json: recordToJson(r),
        line: recordToJsonLine(r),
        xml: recordToXml(r),
        flat: recordToFlat(r),
      }),
    }),
  ];
  const r = rs[rs.length - 1]!;
  if (!r.ok) throw r.error;
  return r.value;
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

describe('BinXml tokens', () => {
  it('renders every token kind: elements with/without attributes, text, CDATA, char/entity refs, PI', () => {
    const v = one({
      e: 'Event',
      a: [['xmlns', [{ text: NS }]]],
      c: [
        { pi: 'xml-stylesheet', data: 'href="a.xsl"' },
        {
          e: 'EventData',
          c: [
            {
              e: 'Data',
              a: [['Name', [{ text: 'Mixed' }]]],
              c: [{ text: 'a' }, { charRef: 38 }, { entity: 'lt' }, { text: 'b' }],
            },
            { e: 'Data', a: [['Name', [{ text: 'Raw' }]]], c: [{ cdata: '<x>&' }] },
            { e: 'Data', a: [['Name', [{ text: 'Empty' }]]] },
          ],
        },
      ],
    });
    expect(v.xml).toBe(
      [
        `<Event xmlns="${NS}">`,
        '  <?xml-stylesheet href="a.xsl"?>',
        '  <EventData>',
        '    <Data Name="Mixed">a&#38;&lt;b</Data>',
        '    <Data Name="Raw"><![CDATA[<x>&]]></Data>',
        '    <Data Name="Empty"/>',
        '  </EventData>',
        '</Event>',
      ].join('\n'),
    );
    expect(v.json).toEqual({
      Event: { '#attributes': { xmlns: NS }, EventData: { Mixed: 'a&<b', Raw: '<x>&', Empty: null } },
    });
    expect(v.flat).toEqual({ Mixed: 'a&<b', Raw: '<x>&', Empty: null });
  });

  it('JSON trims element text as a whole: whitespace next to entity references stays, as in XML and flat', () => {
    // The shape of a PowerShell 800 record: text, entity ref `gt` twice, text.
    const data: WNode = {
      e: 'Data',
      a: [['Name', [{ text: 'Cmd' }]]],
      c: [{ text: ' echo %ProcessId% ' }, { entity: 'gt' }, { entity: 'gt' }, { text: ' c:\\out.txt ' }],
    };
    const root: WNode = { e: 'Event', c: [{ e: 'EventData', c: [data] }] };
    const plain = one(root);
    const templated = one({ template: { id: 'ws', root }, values: [] });
    for (const v of [plain, templated]) {
      expect(v.xml).toContain('<Data Name="Cmd"> echo %ProcessId% &gt;&gt; c:\\out.txt </Data>');
      expect(v.flat).toEqual({ Cmd: ' echo %ProcessId% >> c:\\out.txt ' });
      expect(v.json).toEqual({ Event: { EventData: { Cmd: 'echo %ProcessId% >> c:\\out.txt' } } });
      expect(v.line).toBe(JSON.stringify(v.json));
    }
  });

  it('XML stays well-formed: forbidden character references and CDATA content become U+FFFD, `]]>` is split', () => {
    const v = one({
      e: 'Event',
      c: [
        {
          e: 'EventData',
          c: [
            {
              e: 'Data',
              a: [['Name', [{ text: 'Ref' }]]],
              c: [{ text: 'a' }, { charRef: 2 }, { charRef: 9 }],
            },
            { e: 'Data', a: [['Name', [{ text: 'Raw' }]]], c: [{ cdata: 'x\u0001]]>y' }] },
          ],
        },
      ],
    });
    expect(v.xml).toContain('<Data Name="Ref">a\ufffd&#9;</Data>');
    expect(v.xml).toContain('<Data Name="Raw"><![CDATA[x\ufffd]]]]><![CDATA[>y]]></Data>');
    expect(v.flat).toEqual({ Ref: 'a\u0002\t', Raw: 'x\u0001]]>y' });
  });

  it('flat event: System fields of a record without a template have the types and time format of a templated one', () => {
    const text = (t: string): WNode[] => [{ text: t }];
    const plain = one({
      e: 'Event',
      c: [
        {
          e: 'System',
          c: [
            { e: 'Provider', a: [['Name', text('PowerShell')]] },
            { e: 'EventID', a: [['Qualifiers', text('0')]], c: text('800') },
            { e: 'Version', c: text('1') },
            { e: 'Level', c: text('4') },
            { e: 'Task', c: text('8') },
            { e: 'Opcode', c: text('0') },
            { e: 'Keywords', c: text('0x80000000000000') },
            { e: 'TimeCreated', a: [['SystemTime', text('2021-06-03T18:34:12.668300900Z')]] },
            { e: 'EventRecordID', c: text('42') },
            {
              e: 'Execution',
              a: [
                ['ProcessID', text('1234')],
                ['ThreadID', text('5678')],
              ],
            },
            { e: 'Channel', c: text('Windows PowerShell') },
          ],
        },
      ],
    }).flat;
    const sub = (i: number, type: number): WNode[] => [{ sub: i, type }];
    const templated = one({
      template: {
        id: 'sys',
        root: {
          e: 'Event',
          c: [
            {
              e: 'System',
              c: [
                { e: 'Provider', a: [['Name', text('PowerShell')]] },
                { e: 'EventID', a: [['Qualifiers', sub(0, 6)]], c: sub(1, 6) },
                { e: 'Version', c: sub(2, 4) },
                { e: 'Level', c: sub(3, 4) },
                { e: 'Task', c: sub(4, 6) },
                { e: 'Opcode', c: sub(5, 4) },
                { e: 'Keywords', c: sub(6, 0x15) },
                { e: 'TimeCreated', a: [['SystemTime', sub(7, 0x11)]] },
                { e: 'EventRecordID', c: sub(8, 0x0a) },
                {
                  e: 'Execution',
                  a: [
                    ['ProcessID', sub(9, 8)],
                    ['ThreadID', sub(10, 8)],
                  ],
                },
                { e: 'Channel', c: text('Windows PowerShell') },
              ],
            },
          ],
        },
      },
      values: [
        V.u16(0),
        V.u16(800),
        V.u8(1),
        V.u8(4),
        V.u16(8),
        V.u8(0),
        V.hex64(0x80000000000000n),
        // 2021-06-03T18:34:12.6683009Z
        V.filetime(132672188526683009n),
        V.u64(42n),
        V.u32(1234),
        V.u32(5678),
      ],
    }).flat;
    expect(templated).toEqual({
      Provider_Name: 'PowerShell',
      EventID: 800,
      EventID_Qualifiers: 0,
      Version: 1,
      Level: 4,
      Task: 8,
      Opcode: 0,
      Keywords: '0x80000000000000',
      TimeCreated: '2021-06-03T18:34:12.6683009Z',
      EventRecordID: 42,
      ProcessID: 1234,
      ThreadID: 5678,
      Channel: 'Windows PowerShell',
    });
    expect(plain).toStrictEqual(templated);
  });

  it('flat event: an EventData field named like a System one keeps its value as the compiled plan and the walker both give it', () => {
    const root: WNode = {
      e: 'Event',
      c: [
        { e: 'System', c: [{ e: 'Level', c: [{ sub: 0, type: 4 }] }] },
        {
          e: 'EventData',
          c: [
            { e: 'Data', a: [['Name', [{ text: 'Level' }]]], c: [{ sub: 1, type: 1 }] },
            { e: 'Data', a: [['Name', [{ text: 'ProcessID' }]]], c: [{ sub: 2, type: 1 }] },
          ],
        },
      ],
    };
    const w = new ChunkWriter();
    w.record(1, { template: { id: 'clash', root }, values: [V.u8(4), V.str('07'), V.str('12')] });
    const [r] = [...readEvtx(evtxFile([w.finish()]), { render: (rec) => rec })];
    if (!r?.ok) throw new Error('unreadable');
    expect(recordToFlat(r.value)).toStrictEqual({ Level: '07', ProcessID: '12' });
    expect(recordToFlatGeneric(r.value)).toStrictEqual({ Level: '07', ProcessID: '12' });
  });

  it('templates: normal and optional substitutions, NULL optional attributes omitted, template reused by offset', () => {
    const bytes = sampleFile(1, 3);
    const rs = [
      ...readEvtx(bytes, {
        render: (r) => ({ json: recordToJson(r), flat: recordToFlat(r), xml: recordToXml(r) }),
      }),
    ];
    expect(rs.every((r) => r.ok)).toBe(true);
    const first = rs[0]!;
    const third = rs[2]!;
    if (!first.ok || !third.ok) throw new Error('unreachable');
    // One compiled definition shared by all records of the chunk.
    expect(third.record.ctx.templates.size).toBe(1);
    expect(first.value.json).toEqual({
      Event: {
        '#attributes': { xmlns: NS },
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
          EventID: 4688,
          TimeCreated: { '#attributes': { SystemTime: '2019-04-17T18:40:00.000000Z' } },
          EventRecordID: 1,
          Channel: 'Security',
          Computer: 'HOST1',
        },
        EventData: { CommandLine: 'cmd.exe /c echo 1', Count: 7 },
      },
    });
    expect(first.value.xml).toContain('<EventID>4688</EventID>');
    expect(first.value.xml).not.toContain('Qualifiers');
    expect(first.value.flat).toEqual({
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      EventID: 4688,
      TimeCreated: '2019-04-17T18:40:00.0000002Z',
      EventRecordID: 1,
      Channel: 'Security',
      Computer: 'HOST1',
      CommandLine: 'cmd.exe /c echo 1',
      Count: 7,
    });
  });

  it('EventID Qualifiers, unnamed Data, Binary, UserData and protected-key clashes (JSON and flat)', () => {
    const root: WNode = {
      template: {
        id: 'classic',
        root: {
          e: 'Event',
          c: [
            {
              e: 'System',
              c: [
                { e: 'EventID', a: [['Qualifiers', [{ sub: 0, type: 6 }]]], c: [{ sub: 1, type: 6 }] },
                { e: 'Computer', c: [{ text: 'HOST' }] },
                { e: 'Security', a: [['UserID', [{ sub: 5, type: 0x13, optional: true }]]] },
              ],
            },
            {
              e: 'EventData',
              c: [
                { e: 'Data', c: [{ sub: 2, type: 1 }] },
                { e: 'Data', c: [{ sub: 3, type: 1 }] },
                { e: 'Data', a: [['Name', [{ text: 'Computer' }]]], c: [{ text: 'OTHER' }] },
                { e: 'Binary', c: [{ sub: 4, type: 0x0e }] },
              ],
            },
          ],
        },
      },
      values: [
        V.u16(16384),
        V.u16(7036),
        V.str('svc'),
        V.str('running'),
        V.raw(0x0e, [1, 2, 0xab]),
        V.null(),
      ],
    };
    const v = one(root);
    expect(v.json).toEqual({
      Event: {
        System: {
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7036 },
          Computer: 'HOST',
          Security: null,
        },
        EventData: { Data: { '#text': ['svc', 'running'] }, Computer: 'OTHER', Binary: '0102AB' },
      },
    });
    expect(v.flat).toEqual({
      EventID: 7036,
      EventID_Qualifiers: 16384,
      Computer: 'HOST',
      Data: ['svc', 'running'],
      'EventData.Computer': 'OTHER',
      Binary: '0102AB',
    });
    const user = one({
      e: 'Event',
      c: [
        {
          e: 'UserData',
          c: [
            {
              e: 'LogFileCleared',
              a: [['xmlns', [{ text: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' }]]],
              c: [
                { e: 'SubjectUserName', c: [{ text: 'x' }] },
                { e: 'Nested', c: [{ e: 'Inner', c: [{ text: 'y' }] }] },
              ],
            },
          ],
        },
      ],
    });
    expect(user.flat).toEqual({ SubjectUserName: 'x', 'Nested.Inner': 'y' });
    expect(user.json).toEqual({
      Event: {
        UserData: {
          LogFileCleared: {
            '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
            SubjectUserName: 'x',
            Nested: { Inner: 'y' },
          },
        },
      },
    });
  });

  it('embedded BinXml values (0x21) are expanded in place, including nested template instances', () => {
    const inner: WNode = { e: 'Inner', a: [['K', [{ text: 'v' }]]], c: [{ text: 'deep' }] };
    const w = new ChunkWriter();
    w.record(1, { e: 'Prelude', c: [inner] });
    // The names are defined by record 1, so the embedded fragment can reference them from anywhere.
    const embedded: number[] = [0x0f, 1, 1, 0];
    w.node(embedded, 0, inner);
    embedded.push(0x00);
    w.record(2, {
      template: { id: 'outer', root: { e: 'Event', c: [{ e: 'UserData', c: [{ sub: 0, type: 0x21 }] }] } },
      values: [V.binxml(embedded)],
    });
    const rs = [
      ...readEvtx(evtxFile([w.finish()]), {
        render: (r) => ({ json: recordToJson(r), xml: recordToXml(r) }),
      }),
    ];
    const r = rs[1]!;
    if (!r.ok) throw r.error;
    expect(r.value.json).toEqual({
      Event: { UserData: { Inner: { '#attributes': { K: 'v' }, '#text': 'deep' } } },
    });
    expect(r.value.xml).toBe('<Event>\n  <UserData>\n    <Inner K="v">deep</Inner>\n  </UserData>\n</Event>');
  });

  it('repeated element names get _1, _2 suffixes in JSON (evtx_dump convention)', () => {
    const v = one({
      e: 'Event',
      c: [{ e: 'A', c: [{ text: '1' }] }, { e: 'A', c: [{ text: '2' }] }, { e: 'A' }],
    });
    expect(v.json).toEqual({ Event: { A: '1', A_1: '2', A_2: null } });
  });

  it('a Data name of __proto__ becomes an own property, never the prototype', () => {
    const root: WNode = {
      template: {
        id: 'proto',
        root: {
          e: 'Event',
          c: [
            {
              e: 'EventData',
              c: [{ e: 'Data', a: [['Name', [{ text: '__proto__' }]]], c: [{ sub: 0, type: 1 }] }],
            },
          ],
        },
      },
      values: [V.str('polluted')],
    };
    const v = one(root);
    expect(Object.getPrototypeOf(v.flat)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(v.flat, '__proto__')?.value).toBe('polluted');
    const data = (v.json.Event as { EventData: object }).EventData;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toBe('polluted');
  });
});
