/** Attribution claims with claimant and stance. */
export { type ClaimantEntry, CLAIMANT_HEADS, compileClaimantLexicon } from './claimant-lexicon.js';
export { type AttributionClaim, type ClaimContext, extractClaims, type Stance } from './extract-claims.js';
