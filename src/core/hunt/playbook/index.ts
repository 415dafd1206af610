/** Playbook matching: observed ATT&CK techniques → catalog actors ranked by idf-weighted F-β of coverage and explained evidence. */
export {
  type ActorPlaybookMatch,
  type ActorPlaybookReport,
  type ActorTechniqueSighting,
  actorPlaybookReport,
  canonicalTechniques,
  type ObservedTechniques,
  type PlaybookActor,
  PlaybookIndex,
  type PlaybookOptions,
  type PlaybookTechnique,
  SCORE_BETA,
} from './playbook-scoring.js';
