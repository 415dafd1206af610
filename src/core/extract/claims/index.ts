/** Attribution claims with claimant and stance. */
export { CLAIMANT_HEADS, type ClaimantEntry, compileClaimantLexicon } from './claimant-lexicon.js';
export { type AttributionClaim, type ClaimContext, extractClaims, type Stance } from './extract-claims.js';
