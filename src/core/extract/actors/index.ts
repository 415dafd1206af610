/** Actor extraction: catalog aliases in text, alias statements, unlisted vendor-pattern names. */
export { type ActorLexicon, compileActorLexicon } from './actor-lexicon.js';
export {
  type ActorExtraction,
  type ActorMention,
  type ActorWordGates,
  type ExtractedActor,
  extractActors,
  type TextSpan,
  type UnlistedHint,
} from './extract-actors.js';
export { PEOPLE_KEYS } from './software-groups.js';
