/**
 * Vendor naming-pattern recogniser: tells what a name the catalog does not list probably is
 * (`Ember Typhoon` → Microsoft, China-nexus; `UNC9999` → Mandiant uncategorised cluster). A hint, never an
 * attribution. Patterns come from actor-naming/naming-conventions.json and MicrosoftMapping.json.
 */
import type { NamingHint, NamingPattern } from './model.js';

/** A pattern that fits a name. */
export interface NamingPatternMatch {
  readonly vendor: string;
  readonly display: string;
  readonly hint: NamingHint;
  readonly confidence: NamingPattern['confidence'];
  readonly evidence: string;
}

const RANK: Readonly<Record<NamingPattern['confidence'], number>> = { high: 0, medium: 1, low: 2 };

/** Compiled recogniser over a pattern list. */
export class NamingPatternRecognizer {
  private readonly compiled: { pattern: NamingPattern; re: RegExp }[];

  constructor(patterns: readonly NamingPattern[]) {
    this.compiled = patterns.map((pattern) => ({ pattern, re: new RegExp(pattern.regex, pattern.flags) }));
  }

  /** Every pattern the (trimmed, space-collapsed) name fits, most confident first. */
  recognize(name: string): NamingPatternMatch[] {
    const n = name.trim().replace(/\s+/g, ' ');
    const out: NamingPatternMatch[] = [];
    for (const { pattern, re } of this.compiled) {
      if (!re.test(n)) continue;
      out.push({
        vendor: pattern.vendor,
        display: pattern.display,
        hint: pattern.hint,
        confidence: pattern.confidence,
        evidence: pattern.evidence,
      });
    }
    return out.sort((a, b) => RANK[a.confidence] - RANK[b.confidence]);
  }
}
