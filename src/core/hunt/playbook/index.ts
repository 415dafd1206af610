/** Playbook matching: observed ATT&CK techniques → catalog actors ranked by idf-weighted cosine similarity. */
export {
  type ActorPlaybookMatch,
  type ActorPlaybookReport,
  type ActorTechniqueSighting,
  actorPlaybookReport,
  canonicalTechniques,
  type ObservedTechniques,
  PlaybookIndex,
  type PlaybookOptions,
  type PlaybookTechnique,
} from './playbook-scoring.js';
