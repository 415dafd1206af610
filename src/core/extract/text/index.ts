/** Text segmentation shared by the extractors: word tokens, phrase lexicons, sentences, page furniture. */
export {
  FirstTokenIndex,
  type PhraseMatch,
  PhraseMatcher,
  type PhraseMatcherOptions,
  phraseKey,
  phraseTokens,
  type TokenGate,
} from './phrase-matcher.js';
export { findSegments, type Segment, segmentAt } from './segments.js';
export { type Sentence, splitSentences } from './sentences.js';
export { type Token, tokenAt, tokenize } from './tokens.js';
