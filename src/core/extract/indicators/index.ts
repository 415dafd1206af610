/** Indicator extraction: IOCs with evidence spans, defang handling, table/prose/reference context, benign marks. */
export { CMDLET_VERB_WORDS, COMMAND_FIRST_WORDS } from './command-line.js';
export { refang, refangValue } from './defang.js';
export { type ExtractIndicatorsOptions, extractIndicators } from './extract-indicators.js';
export { formatIPv4, parseIPv4 } from './ipv4.js';
export { formatIPv6, parseIPv6 } from './ipv6.js';
export {
  type BenignMark,
  emptyIndicatorSet,
  INDICATOR_KINDS,
  type Indicator,
  type IndicatorContext,
  type IndicatorKind,
  type IndicatorSet,
  type Span,
} from './types.js';
export {
  isBenignList,
  type WarningList,
  type WarningListData,
  type WarningListHit,
  WarningListMatcher,
} from './warning-list-matcher.js';
