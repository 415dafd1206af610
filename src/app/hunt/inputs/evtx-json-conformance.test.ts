/**
 * The evtx_dump-JSON input and the native EVTX reader must give the same FlatEvents for the same records
 * (docs/hunting.md "Inputs"). Checked on the Sigma regression data, where every .evtx has a .json twin.
 * evtx_dump itself loses two things, which the comparison forgives: it truncates SystemTime to microseconds
 * (FILETIME has 100 ns) and trims trailing blanks from strings.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { describeShared, shared } from '../../../../test/shared-data.js';
import type { FlatEvent } from '../../../core/hunt/index.js';
import { readLogEvents } from '../index.js';

function jsonTwins(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) jsonTwins(p, out);
    else if (n.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Forgives what evtx_dump drops: digits past microseconds, trailing blanks. */
function comparable(e: FlatEvent): string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e).sort()) {
    let v = e[k];
    if (typeof v === 'string') v = v.trimEnd();
    if (k === 'TimeCreated' && typeof v === 'string') v = v.replace(/(\.\d{6})\d*Z$/, '$1Z');
    out[k] = v;
  }
  return JSON.stringify(out);
}

async function events(file: string): Promise<FlatEvent[]> {
  const out: FlatEvent[] = [];
  for await (const r of readLogEvents(file)) {
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) out.push(r.event);
  }
  return out;
}

describeShared('evtx_dump JSON and EVTX give the same FlatEvents', () => {
  test('Sigma regression data: every record identical but one whose twin differs at the source', async () => {
    const root = shared('sigma', 'regression_data');
    let same = 0;
    const different: string[] = [];
    for (const jsonFile of jsonTwins(root)) {
      const fromJson = await events(jsonFile);
      const fromEvtx = new Map(
        (await events(jsonFile.replace(/\.json$/, '.evtx'))).map((e) => [e.EventRecordID, comparable(e)]),
      );
      for (const e of fromJson) {
        if (fromEvtx.get(e.EventRecordID) === comparable(e)) same++;
        else different.push(`${relative(root, jsonFile)}#${e.EventRecordID}`);
      }
    }
    expect(same).toBe(237);
    // this .json was exported from another copy of the log: ParentCommandLine "Explorer.exe" vs "Explorer.EXE"
    expect(different).toEqual([expect.stringMatching(/ad691d92-15f2-4181-9aa4-723c74f9ddc3\.json#\d+$/)]);
  });
});
