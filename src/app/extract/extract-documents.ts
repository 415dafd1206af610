/**
 * Use case: inputs (files, directories, `-`, URLs) → documents (readers) → `extractReport` per document. Each
 * document succeeds or fails on its own: a reader error or an extractor failure is yielded with its source and the
 * run goes on. The catalog lexicons and the warning lists are loaded once per process.
 */
import type { Catalog } from '../../core/catalog/index.js';
import { type ExtractionResult, extractReport, WarningListMatcher } from '../../core/extract/index.js';
import { isStormwatchError, StormwatchError } from '../../core/shared/index.js';
import { loadCatalog, loadWarningLists } from '../catalog/index.js';
import {
  type ExtractedDocument,
  type ReadOptions,
  type ReadProgress,
  readDocuments,
} from './readers/index.js';

/** One input's outcome. */
export type DocumentExtraction =
  | { readonly ok: true; readonly doc: ExtractedDocument; readonly result: ExtractionResult }
  | {
      readonly ok: false;
      readonly source: string;
      readonly error: StormwatchError;
      readonly skipped?: boolean;
    };

export interface ExtractDocumentsOptions extends Omit<ReadOptions, 'onProgress'> {
  /** Catalog to use (default: the installed one). */
  readonly catalog?: Catalog;
  /** Warning lists for benign marks (default: the catalog's compiled lists; `null` for none). */
  readonly warningLists?: WarningListMatcher | null;
  /** Keep inferred techniques even when a document maps its own ATT&CK ids. */
  readonly inferWithExplicit?: boolean;
  /** Called after each file of a directory input (index of the input, progress within it). */
  readonly onProgress?: (progress: ReadProgress & { readonly input: number }) => void;
}

let cachedLists: WarningListMatcher | null | undefined;

/** The compiled MISP warning lists, or null when they cannot be loaded (benign marks then use built-in rules). */
export function defaultWarningLists(): WarningListMatcher | null {
  if (cachedLists === undefined) {
    try {
      cachedLists = WarningListMatcher.compile(loadWarningLists());
    } catch {
      cachedLists = null;
    }
  }
  return cachedLists;
}

function publisherOf(doc: ExtractedDocument): string | undefined {
  if (!doc.url) return undefined;
  try {
    return new URL(doc.url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** Extracts every document of every input, in order. */
export async function* extractDocuments(
  inputs: readonly string[],
  options: ExtractDocumentsOptions = {},
): AsyncIterable<DocumentExtraction> {
  const catalog = options.catalog ?? loadCatalog();
  const lists = options.warningLists === undefined ? defaultWarningLists() : options.warningLists;
  const views = { catalog, ...(lists ? { warningLists: lists } : {}) };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as string;
    const { onProgress, ...read } = options;
    const readOptions: ReadOptions = {
      ...read,
      ...(onProgress ? { onProgress: (p: ReadProgress) => onProgress({ ...p, input: i }) } : {}),
    };
    for await (const item of readDocuments(input, readOptions)) {
      if (!item.ok) {
        yield item.skipped
          ? { ok: false, source: item.source, error: item.error, skipped: true }
          : { ok: false, source: item.source, error: item.error };
        continue;
      }
      const doc = item.doc;
      try {
        const publisher = publisherOf(doc);
        const result = extractReport(doc.text, views, {
          sha256: doc.sha256,
          ...(doc.title ? { title: doc.title } : {}),
          ...(doc.published ? { published: doc.published } : {}),
          ...(doc.url ? { url: doc.url } : {}),
          ...(publisher ? { publisher } : {}),
          ...(options.inferWithExplicit ? { inferWithExplicit: true } : {}),
        });
        yield { ok: true, doc, result };
      } catch (cause) {
        const error = isStormwatchError(cause)
          ? cause
          : new StormwatchError({
              code: 'extract.failed',
              kind: 'internal',
              message: `extraction failed for ${doc.source}: ${(cause as Error).message}`,
              location: { file: doc.source },
              hint: 'Please report this document; the other documents of the run are not affected.',
              cause,
            });
        yield { ok: false, source: doc.source, error };
      }
    }
  }
}
