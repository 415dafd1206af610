/** ATT&CK techniques: explicit ids, table rows, and inference from prose. */
export {
  type ExtractedTechnique,
  type ExtractTechniquesOptions,
  extractTechniques,
  type TechniqueSource,
} from './extract-techniques.js';
export {
  COMMAND_RULES,
  compileTechniqueLexicon,
  type TechniqueCue,
  type TechniqueLexicon,
} from './technique-lexicon.js';
