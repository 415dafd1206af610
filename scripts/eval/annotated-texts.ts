/**
 * The annotated dev set (`reports/*.truth.json` + their text files) read once for every scorer and benchmark:
 * each text file with its truth, whether it is a `.prose.txt` variant, and the document URL when the truth's
 * `source_url` is a web address. Files listed in the truth but absent on disk are skipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The truth fields every reader of the dev set relies on. */
export interface TruthFileBase {
  /** Role (`text`, `full`, `prose`) → file name. */
  readonly files?: Readonly<Record<string, string>>;
  readonly source_url?: string;
}

export interface AnnotatedText<T> {
  readonly file: string;
  /** True for the `.prose.txt` variant (scored against `prose_*` truth where given). */
  readonly prose: boolean;
  readonly text: string;
  readonly truth: T;
  readonly documentUrl: string | undefined;
}

/** Every annotated text in `dir`, in truth-file name order, then as the truth lists its files. */
export function readAnnotatedTexts<T extends TruthFileBase>(dir: string): AnnotatedText<T>[] {
  const out: AnnotatedText<T>[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()) {
    const truth = JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
    const base = name.slice(0, -'.truth.json'.length);
    const files = truth.files ?? {
      text: `${base}.txt`,
      full: `${base}.full.txt`,
      prose: `${base}.prose.txt`,
    };
    const documentUrl = /^https?:\/\//.test(truth.source_url ?? '') ? truth.source_url : undefined;
    for (const [role, file] of Object.entries(files)) {
      const path = join(dir, file);
      if (!existsSync(path)) continue;
      out.push({ file, prose: role === 'prose', text: readFileSync(path, 'utf8'), truth, documentUrl });
    }
  }
  return out;
}
