/** Document readers: files, directories, stdin and URLs → text with provenance (see read-documents.ts). */
export { type BytesHints, documentsFromBytes, readDocuments } from './read-documents.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_PDF_PAGES,
  DEFAULT_TIMEOUT_MS,
  type DocumentFormat,
  type DocumentResult,
  type ExtractedDocument,
  type ReadOptions,
  type ReadProgress,
} from './types.js';
