/**
 * CVE identifiers (CVE-YYYY-NNNN, four or more sequence digits per the CVE ID syntax change of 2014), accepted in any
 * case and with the Unicode hyphens that word processors substitute (already refanged to ASCII). Values upper-case.
 */

/** Over the text in any case (as fast as a case-sensitive scan of a lower-cased copy: the literal prefix leads). */
export const CVE_PATTERN_ANY_CASE = /cve[-_ ]?(\d{4})[-_](\d{4,7})(?![0-9])/gi;

/** Canonical `CVE-YYYY-NNNN` form of a match, or `undefined` for an impossible year. */
export function normaliseCve(year: string, seq: string): string | undefined {
  const y = Number(year);
  if (y < 1999 || y > 2100) return undefined;
  return `CVE-${year}-${seq}`;
}
