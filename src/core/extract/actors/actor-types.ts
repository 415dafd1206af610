/** Shapes of the actor extractor's output. */

/** A span of text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** The hint for a name the catalog does not list. */
export interface UnlistedHint {
  readonly vendor: string;
  readonly pattern: string;
  readonly category?: string;
  readonly origin?: string;
}

/** One actor found in a document. */
export interface ExtractedActor {
  /** Canonical name (ATT&CK's where ATT&CK lists the actor), or the name as written for unlisted names. */
  readonly name: string;
  readonly attack_id: string | null;
  /** Catalog id (`G1017`, `ms:…`), null for unlisted names. */
  readonly catalog_id: string | null;
  /** Other names of the same actor used in the text (tag blocks included), as written. */
  readonly aliases_mentioned: readonly string[];
  /** `mentioned` when the actor is named only in page furniture (related-article links, footers). */
  readonly role: 'subject' | 'mentioned';
  readonly mentions: readonly TextSpan[];
  /** Present for names the catalog does not list but a vendor naming pattern fits. */
  readonly unlisted?: UnlistedHint;
  /**
   * For a group named after its malware ("the LockBit gang"), the catalog's name of that malware family: the
   * catalog lists it as software, not as an actor.
   */
  readonly software?: string;
}

/** A resolved mention, kept for the claim extractor. */
export interface ActorMention extends TextSpan {
  readonly actor: string;
  readonly text: string;
  readonly furniture: boolean;
}

export interface ActorExtraction {
  readonly actors: ExtractedActor[];
  readonly mentions: ActorMention[];
}
