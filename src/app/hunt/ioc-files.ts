/** Reads `--ioc` files (STIX 2.1, MISP JSON, CSV, plain list) into one de-duplicated indicator list. */
import { readFileSync } from 'node:fs';
import { dedupeIocs, type IocEntry, type IocFileFormat, parseIocFile } from '../../core/hunt/index.js';
import { type Issue, StormwatchError } from '../../core/shared/index.js';

export interface LoadedIocs {
  readonly entries: readonly IocEntry[];
  readonly issues: readonly Issue[];
  readonly files: readonly {
    readonly file: string;
    readonly format: IocFileFormat;
    readonly indicators: number;
  }[];
}

/** Loads IOC files. Throws `ioc.read` (not-found) for an unreadable file and the parser's input errors. */
export function loadIocFiles(paths: readonly string[]): LoadedIocs {
  const all: IocEntry[] = [];
  const issues: Issue[] = [];
  const files: { file: string; format: IocFileFormat; indicators: number }[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new StormwatchError({
        code: 'ioc.read',
        kind: 'not-found',
        message: `cannot read IOC file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        location: { file },
        hint: 'check the --ioc path',
        cause: e,
      });
    }
    const parsed = parseIocFile(text, { file });
    all.push(...parsed.entries);
    issues.push(...parsed.issues);
    files.push({ file, format: parsed.format, indicators: parsed.entries.length });
  }
  return { entries: dedupeIocs(all), issues, files };
}
