/**
 * PDF reader (unpdf's serverless pdf.js build): checks the page count against the limit before reading
 * any page, reads each page's text items and rebuilds lines and paragraphs with pdf-lines.ts. Encrypted
 * PDFs (a user password is needed) and damaged files become clear per-document errors.
 */
import type { Issue, StormwatchError } from '../../../core/shared/index.js';
import { type PdfTextItem, pageLines, pagesToText } from './pdf-lines.js';
import { normalisePublished } from './published-date.js';
import { readerErrors } from './reader-errors.js';

export interface PdfText {
  readonly text: string;
  readonly title?: string;
  readonly published?: string;
  readonly pages: number;
  readonly warnings: readonly Issue[];
}

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

function classify(source: string, cause: unknown): StormwatchError {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'PasswordException' || /password/i.test(cause instanceof Error ? cause.message : '')) {
    return readerErrors.pdfEncrypted(source);
  }
  return readerErrors.pdfInvalid(source, cause);
}

/** Reads a PDF's text. Throws StormwatchError (extract.pdf-*, extract.too-many-pages, extract.no-text). */
export async function readPdf(bytes: Uint8Array, source: string, maxPages: number): Promise<PdfText> {
  const { getDocumentProxy } = await import('unpdf');
  const warnings: Issue[] = [];
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    });
  } catch (cause) {
    throw classify(source, cause);
  }
  try {
    if (pdf.numPages > maxPages) throw readerErrors.tooManyPages(source, pdf.numPages, maxPages);
    let title: string | undefined;
    let published: string | undefined;
    try {
      const meta = await pdf.getMetadata();
      const info = (meta.info ?? {}) as Record<string, unknown>;
      if (typeof info.Title === 'string' && info.Title.trim()) title = info.Title.trim();
      published = normalisePublished(typeof info.CreationDate === 'string' ? info.CreationDate : undefined);
    } catch {
      // Metadata is optional; a broken Info dictionary does not make the text unreadable.
    }
    const pages: ReturnType<typeof pageLines>[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      try {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        pages.push(pageLines((content.items as unknown[]).filter(isTextItem)));
        page.cleanup();
      } catch (cause) {
        warnings.push({
          code: 'extract.pdf-page',
          severity: 'warning',
          message: `${source}: page ${n} could not be read (${cause instanceof Error ? cause.message : String(cause)}); the other pages were`,
          location: { file: source },
        });
      }
    }
    const text = pagesToText(pages);
    if (text.trim() === '')
      throw readerErrors.noText(source, `none of the ${pdf.numPages} PDF pages holds text`);
    return {
      text,
      pages: pdf.numPages,
      warnings,
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
    };
  } finally {
    await pdf.destroy();
  }
}
