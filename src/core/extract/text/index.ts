/** Text segmentation shared by the extractors: word tokens, phrase lexicons, sentences, page furniture. */
export { FirstTokenIndex, type TokenGate, TokenMask } from './first-token-index.js';
export {
  type PhraseMatch,
  PhraseMatcher,
  type PhraseMatcherOptions,
  phraseKey,
  phraseTokens,
} from './phrase-matcher.js';
export { findSegments, type Segment, segmentAt } from './segments.js';
export { type Sentence, splitSentences } from './sentences.js';
export { hashKey, type Token, tokenAt, tokenize } from './tokens.js';
