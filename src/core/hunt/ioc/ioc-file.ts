/**
 * Reads an IOC file of any supported format (STIX 2.1 bundle, MISP JSON, CSV with a header, plain list),
 * detecting the format from the content unless one is given.
 */
import { StormwatchError } from '../../shared/index.js';
import type { IocEntry } from './ioc-entry.js';
import { type IocParseResult, mispEvents, parseMispIocs, parseStixIocs } from './parse-ioc-json.js';
import { looksLikeCsvHeader, parseCsvIocs, parseListIocs } from './parse-ioc-text.js';

export const IOC_FILE_FORMATS = ['stix', 'misp', 'csv', 'list'] as const;
export type IocFileFormat = (typeof IOC_FILE_FORMATS)[number];

export interface IocFile extends IocParseResult {
  readonly format: IocFileFormat;
}

function jsonError(file: string, text: string, e: unknown): StormwatchError {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  const offset = pos ? Number(pos[1]) : undefined;
  const line = offset !== undefined ? text.slice(0, offset).split('\n').length : undefined;
  return new StormwatchError({
    code: 'ioc.json-syntax',
    kind: 'input',
    message: `IOC file ${file} is not valid JSON: ${msg}`,
    location: { file, ...(offset !== undefined ? { offset } : {}), ...(line !== undefined ? { line } : {}) },
    hint: 'A JSON IOC file is a STIX 2.1 bundle or a MISP event export; other files are read as CSV or one value per line.',
  });
}

/**
 * Parses an IOC file. Throws StormwatchError (`ioc.json-syntax`, `ioc.unknown-json`) when nothing can be read;
 * bad individual values are returned as issues and skipped.
 */
export function parseIocFile(
  text: string,
  options: { readonly file: string; readonly format?: IocFileFormat },
): IocFile {
  const { file } = options;
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  const isJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  const format: IocFileFormat | undefined =
    options.format ??
    (isJson ? undefined : looksLikeCsvHeader(trimmed.slice(0, trimmed.search(/\r?\n|$/))) ? 'csv' : 'list');
  if (format === 'csv') return { format, ...parseCsvIocs(body, file) };
  if (format === 'list') return { format, ...parseListIocs(body, file) };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw jsonError(file, body, e);
  }
  const misp = mispEvents(json);
  if (format === 'misp' || (format !== 'stix' && misp)) {
    if (!misp)
      throw new StormwatchError({
        code: 'ioc.unknown-json',
        kind: 'input',
        message: `${file} is not a MISP event export`,
        location: { file },
        hint: 'Expected {"Event": {"Attribute": […]}} or {"response": [{"Event": …}]}.',
      });
    return { format: 'misp', ...parseMispIocs(misp, file) };
  }
  const isStix =
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    Array.isArray((json as { objects?: unknown }).objects);
  if (!isStix)
    throw new StormwatchError({
      code: 'ioc.unknown-json',
      kind: 'input',
      message: `${file} is JSON but neither a STIX 2.1 bundle nor a MISP event export`,
      location: { file },
      hint: 'Give a STIX bundle {"type":"bundle","objects":[…]}, a MISP export {"Event":…}, a CSV with a header, or one indicator per line.',
    });
  try {
    return { format: 'stix', ...parseStixIocs(json, file) };
  } catch (e) {
    if (e instanceof StormwatchError)
      throw new StormwatchError({
        code: e.code,
        kind: 'input',
        message: `${file}: ${e.message}`,
        location: { ...e.location, file },
        ...(e.hint ? { hint: e.hint } : {}),
      });
    throw e;
  }
}

/** De-duplicates entries by (type, value), keeping the first source and label. */
export function dedupeIocs(entries: readonly IocEntry[]): IocEntry[] {
  const seen = new Set<string>();
  const out: IocEntry[] = [];
  for (const e of entries) {
    const k = `${e.type}\u0000${e.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}
