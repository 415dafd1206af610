/**
 * Extraction use cases. Readers turn inputs (files, directories, stdin, URLs) into documents for the
 * pure extractors in src/core/extract.
 */

export {
  type DocumentExtraction,
  defaultWarningLists,
  type ExtractDocumentsOptions,
  extractDocuments,
} from './extract-documents.js';
export {
  type BytesHints,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_PDF_PAGES,
  DEFAULT_TIMEOUT_MS,
  type DocumentFormat,
  type DocumentResult,
  documentsFromBytes,
  type ExtractedDocument,
  type ReadOptions,
  type ReadProgress,
  readDocuments,
} from './readers/index.js';
