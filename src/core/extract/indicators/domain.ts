/**
 * Host names (RFC 1035 / RFC 1123 labels, IANA TLDs): validation of a dotted token as a domain, and the rules that
 * keep prose from producing domains — title-case or upper-case TLDs glued to the next sentence (`detected.According`,
 * `ASP.NET`), numeric-only names, and file names whose extension is also a TLD (`invoice.zip`, `readme.md`).
 */
import { AMBIGUOUS_EXTENSIONS } from './file-extensions.js';
import { TLDS } from './tld-list.js';

const LABEL = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?|xn--[A-Za-z0-9-]{1,59})$/;

export type DomainVerdict =
  | { readonly kind: 'domain'; readonly tld: string }
  | { readonly kind: 'file-like'; readonly ext: string }
  | { readonly kind: 'none' };

/**
 * Classifies a dotted token (already refanged, no scheme or port). `defanged` tokens are trusted as hosts even when
 * their TLD is also a file extension, and may use any TLD case.
 */
export function classifyHost(host: string, defanged: boolean): DomainVerdict {
  if (host.length > 253 || host.length < 4) return { kind: 'none' };
  const labels = host.split('.');
  if (labels.length < 2) return { kind: 'none' };
  const tldRaw = labels[labels.length - 1] ?? '';
  const tld = tldRaw.toLowerCase();
  if (!TLDS.has(tld)) return { kind: 'none' };
  // Prose glued across a full stop ("detected.According") and product names ("ASP.NET") use a capitalised TLD.
  if (!defanged && tldRaw !== tld) return { kind: 'none' };
  let allNumeric = true;
  for (const l of labels) {
    if (!LABEL.test(l)) return { kind: 'none' };
    if (allNumeric && !/^\d+$/.test(l)) allNumeric = false;
  }
  if (allNumeric) return { kind: 'none' };
  if (labels.slice(0, -1).some((l) => l.includes('_')) && labels.length < 3) return { kind: 'none' };
  // Onion services are 16 (v2) or 56 (v3) base32 characters: `following.onion` is prose glued to a word.
  if (tld === 'onion' && !/^(?:[a-z2-7]{16}|[a-z2-7]{56})$/i.test(labels[labels.length - 2] ?? '')) {
    return { kind: 'none' };
  }
  if (!defanged && AMBIGUOUS_EXTENSIONS.has(tld)) return { kind: 'file-like', ext: tld };
  return { kind: 'domain', tld };
}

/** True when a host is written like a brand name in prose (`Mega.nz`, `Booking.com`): first label title-case. */
export function isBrandSpelling(host: string): boolean {
  const first = host.slice(0, host.indexOf('.'));
  return /^[A-Z][a-z]+$/.test(first) && host.indexOf('.') === host.lastIndexOf('.');
}

/** The registrable part of a host (`a.b.example.co.uk` → `example.co.uk`), using a short list of public suffixes. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2] ?? '';
  const twoLevel = /^(?:co|com|net|org|gov|ac|edu|mil|or|ne|go|gob|gouv|govt|nic|sch)$/.test(sld);
  return labels.slice(twoLevel ? -3 : -2).join('.');
}
