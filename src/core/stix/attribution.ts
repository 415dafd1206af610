/**
 * STIX modelling of one attribution claim found in a report ("CISA says Volt Typhoon is Chinese",
 * "CNCERT calls it a fabrication", "Beijing tacitly admitted it"):
 *
 *   intrusion-set --attributed-to--> location (country)      created_by_ref = who asserts it
 *   opinion(object_refs: [that relationship])                  created_by_ref = who denies / admits it
 *   note(content: the evidence sentence, object_refs: [relationship, opinion?])
 *
 * A denial or tacit admission refers to the attribution relationship someone else made (pass it as
 * `disputes`); when the document names no asserter, the relationship is created without
 * `created_by_ref` so the opinion still has something to refer to.
 */
import { type Ref, refId, type StixFactory } from './stix-factory.js';
import type { Note, Opinion, OpinionValue, Relationship } from './types.js';

/** How the claimant stands on the attribution (the `extract` JSON `stance`). */
export type AttributionStance = 'asserts' | 'denies' | 'tacit-admission' | 'reports';

/** Opinion value each non-asserting stance is recorded with. */
export const STANCE_OPINION: Readonly<Record<'denies' | 'tacit-admission', OpinionValue>> = {
  denies: 'strongly-disagree',
  'tacit-admission': 'agree',
};

export interface AttributionClaim {
  /** The intrusion-set the claim is about. */
  readonly actor: Ref;
  /** The country location the actor is tied to. */
  readonly state: Ref;
  /** Identity of who makes the statement (CISA, "US officials", CNCERT, a newspaper). */
  readonly claimant: Ref;
  readonly stance: AttributionStance;
  /** The sentence that evidences the claim, quoted in the note. */
  readonly evidence: string;
  /** For denials/admissions: the attribution relationship being disputed or admitted, if already built. */
  readonly disputes?: Ref;
  /** Identity of the publisher relaying the claim (note author); defaults to the claimant. */
  readonly publisher?: Ref;
  /** Human-readable names for descriptions. */
  readonly names?: { readonly actor?: string; readonly state?: string; readonly claimant?: string };
}

export interface AttributionObjects {
  /** The attribution relationship (new, or undefined when `disputes` was given). */
  readonly relationship?: Relationship;
  readonly opinion?: Opinion;
  readonly note: Note;
  /** Id of the relationship the claim is about (new or disputed). */
  readonly relationshipId: string;
}

/** Builds the objects for one claim with the given factory. */
export function attributionObjects(stix: StixFactory, claim: AttributionClaim): AttributionObjects {
  const actor = claim.names?.actor ?? refId(claim.actor);
  const state = claim.names?.state ?? refId(claim.state);
  const claimant = claim.names?.claimant ?? refId(claim.claimant);
  const asserting = claim.stance === 'asserts' || claim.stance === 'reports';
  let relationship: Relationship | undefined;
  if (asserting || claim.disputes === undefined) {
    relationship = stix.relationship(
      claim.actor,
      'attributed-to',
      claim.state,
      {
        description: asserting
          ? `${claimant} attributes ${actor} to ${state}.`
          : `${actor} is attributed to ${state}.`,
      },
      asserting ? { created_by_ref: claim.claimant } : {},
    );
  }
  const relationshipId = relationship?.id ?? refId(claim.disputes ?? '');
  let opinion: Opinion | undefined;
  if (claim.stance === 'denies' || claim.stance === 'tacit-admission') {
    opinion = stix.opinion(
      {
        opinion: STANCE_OPINION[claim.stance],
        explanation:
          claim.stance === 'denies'
            ? `${claimant} denies that ${actor} is tied to ${state}: ${claim.evidence}`
            : `${claimant} tacitly admits that ${actor} is tied to ${state}: ${claim.evidence}`,
        object_refs: [relationshipId],
      },
      { created_by_ref: claim.claimant },
    );
  }
  const note = stix.note(
    {
      abstract: `${claimant} ${claim.stance === 'asserts' ? 'asserts' : claim.stance === 'reports' ? 'reports' : claim.stance === 'denies' ? 'denies' : 'tacitly admits'} the attribution of ${actor} to ${state}`,
      content: claim.evidence,
      object_refs: opinion ? [relationshipId, opinion.id] : [relationshipId],
    },
    { created_by_ref: claim.publisher ?? claim.claimant },
  );
  return { ...(relationship ? { relationship } : {}), ...(opinion ? { opinion } : {}), note, relationshipId };
}
