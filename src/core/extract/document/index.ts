/** Document metadata: title, type, publication date. */
export {
  classifyDocument,
  type DocType,
  type DocumentHints,
  type DocumentMetadata,
  documentMetadata,
  findDate,
  findTitle,
  publishedDate,
} from './document-metadata.js';
