/**
 * Running totals over read results for `evtx info`: good / bad / recovered records, record id range,
 * first / last written timestamps, and counts of errors by code.
 */
import type { EvtxResult } from './chunk-reader.js';

export interface EvtxSummary {
  records: number;
  recovered: number;
  badRecords: number;
  chunkErrors: number;
  fileErrors: number;
  firstRecordId: number | undefined;
  lastRecordId: number | undefined;
  firstWritten: string | undefined;
  lastWritten: string | undefined;
  errorsByCode: Record<string, number>;
}

/** An empty summary. */
export function emptySummary(): EvtxSummary {
  return {
    records: 0,
    recovered: 0,
    badRecords: 0,
    chunkErrors: 0,
    fileErrors: 0,
    firstRecordId: undefined,
    lastRecordId: undefined,
    firstWritten: undefined,
    lastWritten: undefined,
    errorsByCode: {},
  };
}

/** Adds one result to `s`. */
export function addToSummary(s: EvtxSummary, r: EvtxResult<unknown>): void {
  if (r.ok) {
    const rec = r.record;
    if (rec.recovered) s.recovered++;
    else s.records++;
    if (s.firstRecordId === undefined || rec.recordId < s.firstRecordId) s.firstRecordId = rec.recordId;
    if (s.lastRecordId === undefined || rec.recordId > s.lastRecordId) s.lastRecordId = rec.recordId;
    if (s.firstWritten === undefined || rec.written < s.firstWritten) s.firstWritten = rec.written;
    if (s.lastWritten === undefined || rec.written > s.lastWritten) s.lastWritten = rec.written;
    return;
  }
  if (r.scope === 'record') s.badRecords++;
  else if (r.scope === 'chunk') s.chunkErrors++;
  else s.fileErrors++;
  s.errorsByCode[r.error.code] = (s.errorsByCode[r.error.code] ?? 0) + 1;
}
