/**
 * STIX 2.1 object shapes stormwatch builds and reads (OASIS STIX 2.1, §3 common properties, §4 SDOs,
 * §5 SROs, §6 SCOs). Property names are the spec's, verbatim.
 */

/** Any STIX object as read from JSON: a `type`, an `id` and whatever else it carries. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly [property: string]: unknown;
}

/** §2.5 external-reference. */
export interface ExternalReference {
  readonly source_name: string;
  readonly description?: string;
  readonly url?: string;
  readonly hashes?: Readonly<Record<string, string>>;
  readonly external_id?: string;
}

/** §2.6 kill-chain-phase. */
export interface KillChainPhase {
  readonly kill_chain_name: string;
  readonly phase_name: string;
}

/** §3.2 common properties of SDOs and SROs. */
export interface StixCoreObject extends StixObject {
  readonly spec_version: '2.1';
  readonly created: string;
  readonly modified: string;
  readonly created_by_ref?: string;
  readonly labels?: readonly string[];
  readonly confidence?: number;
  readonly lang?: string;
  readonly external_references?: readonly ExternalReference[];
  readonly object_marking_refs?: readonly string[];
}

export interface Report extends StixCoreObject {
  readonly type: 'report';
  readonly name: string;
  readonly description?: string;
  readonly report_types?: readonly string[];
  readonly published: string;
  readonly object_refs: readonly string[];
}

export interface IntrusionSet extends StixCoreObject {
  readonly type: 'intrusion-set';
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly first_seen?: string;
  readonly last_seen?: string;
  readonly goals?: readonly string[];
  readonly resource_level?: string;
  readonly primary_motivation?: string;
}

export type IdentityClass = 'individual' | 'group' | 'system' | 'organization' | 'class' | 'unknown';

export interface Identity extends StixCoreObject {
  readonly type: 'identity';
  readonly name: string;
  readonly description?: string;
  readonly roles?: readonly string[];
  readonly identity_class?: IdentityClass;
  readonly sectors?: readonly string[];
  readonly contact_information?: string;
}

export interface Location extends StixCoreObject {
  readonly type: 'location';
  readonly name?: string;
  readonly description?: string;
  readonly region?: string;
  readonly country?: string;
}

export interface AttackPattern extends StixCoreObject {
  readonly type: 'attack-pattern';
  readonly name: string;
  readonly description?: string;
  readonly aliases?: readonly string[];
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

export interface Indicator extends StixCoreObject {
  readonly type: 'indicator';
  readonly name?: string;
  readonly description?: string;
  readonly indicator_types?: readonly string[];
  readonly pattern: string;
  readonly pattern_type: 'stix';
  readonly pattern_version?: string;
  readonly valid_from: string;
  readonly valid_until?: string;
  readonly kill_chain_phases?: readonly KillChainPhase[];
}

export interface Vulnerability extends StixCoreObject {
  readonly type: 'vulnerability';
  readonly name: string;
  readonly description?: string;
}

/** §4.12 opinion-enum. */
export type OpinionValue = 'strongly-disagree' | 'disagree' | 'neutral' | 'agree' | 'strongly-agree';

export interface Opinion extends StixCoreObject {
  readonly type: 'opinion';
  readonly explanation?: string;
  readonly authors?: readonly string[];
  readonly opinion: OpinionValue;
  readonly object_refs: readonly string[];
}

export interface Note extends StixCoreObject {
  readonly type: 'note';
  readonly abstract?: string;
  readonly content: string;
  readonly authors?: readonly string[];
  readonly object_refs: readonly string[];
}

export interface Relationship extends StixCoreObject {
  readonly type: 'relationship';
  readonly relationship_type: string;
  readonly description?: string;
  readonly source_ref: string;
  readonly target_ref: string;
  readonly start_time?: string;
  readonly stop_time?: string;
}

/** §6 common properties of SCOs. */
export interface StixCyberObservable extends StixObject {
  readonly spec_version: '2.1';
  readonly defanged?: boolean;
  readonly object_marking_refs?: readonly string[];
}

export interface Bundle {
  readonly type: 'bundle';
  readonly id: string;
  readonly objects: readonly StixObject[];
}
