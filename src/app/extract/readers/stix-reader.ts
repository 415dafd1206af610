/**
 * STIX 2.1 bundle reader for extraction: one document per `report` (name, description and the notes
 * and opinions that refer to it), plus one for notes/opinions tied to no report. Bundle issues found by
 * the core validator become document warnings (first few, then a count).
 */

import { type Issue, isStormwatchError } from '../../../core/shared/index.js';
import { type ParsedStixBundle, parseStixBundle, type StixObject } from '../../../core/stix/index.js';
import { normalisePublished } from './published-date.js';
import { readerErrors } from './reader-errors.js';

export interface StixDocumentText {
  /** `#<report id>` or `#notes`. */
  readonly fragment: string;
  readonly title?: string;
  readonly published?: string;
  readonly url?: string;
  readonly text: string;
  readonly warnings: readonly Issue[];
}

/** True when JSON text looks like a STIX bundle or TAXII envelope (cheap check on the first KiB). */
export function looksLikeStix(head: string): boolean {
  return (
    /^\s*\{/.test(head) &&
    (/"type"\s*:\s*"bundle"/.test(head) ||
      /"spec_version"\s*:\s*"2\.1"/.test(head) ||
      /"objects"\s*:\s*\[/.test(head))
  );
}

function str(obj: StixObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function refs(obj: StixObject): string[] {
  const v = obj.object_refs;
  return Array.isArray(v) ? v.filter((r): r is string => typeof r === 'string') : [];
}

function sectionOf(obj: StixObject): string | undefined {
  if (obj.type === 'note')
    return [str(obj, 'abstract'), str(obj, 'content')].filter(Boolean).join('\n\n') || undefined;
  if (obj.type === 'opinion') return str(obj, 'explanation');
  return undefined;
}

function bundleWarnings(parsed: ParsedStixBundle, source: string): Issue[] {
  const all = [...parsed.issues, ...parsed.objects.flatMap((o) => o.issues)].filter(
    (i) => i.severity === 'error',
  );
  const shown = all
    .slice(0, 5)
    .map((i) => ({ ...i, severity: 'warning' as const, message: `${source}: ${i.message}` }));
  if (all.length > shown.length) {
    shown.push({
      code: 'stix.more-issues',
      severity: 'warning',
      message: `${source}: ${all.length - shown.length} more STIX validation issues`,
      location: { file: source },
    });
  }
  return shown;
}

/** Documents of a STIX bundle. Throws `extract.stix-invalid` or `extract.no-text`. */
export function readStix(json: string, source: string): StixDocumentText[] {
  let parsed: ParsedStixBundle;
  try {
    parsed = parseStixBundle(json);
  } catch (cause) {
    if (isStormwatchError(cause)) throw readerErrors.stix(source, cause);
    throw cause;
  }
  const warnings = bundleWarnings(parsed, source);
  const objects = parsed.objects.map((o) => o.object);
  const reports = objects.filter((o) => o.type === 'report');
  const annotations = objects.filter((o) => sectionOf(o) !== undefined);
  const used = new Set<string>();
  const docs: StixDocumentText[] = [];
  for (const report of reports) {
    const reportRefs = new Set(refs(report));
    const attached = annotations.filter((a) => reportRefs.has(a.id) || refs(a).includes(report.id));
    for (const a of attached) used.add(a.id);
    const sections = [str(report, 'name'), str(report, 'description'), ...attached.map(sectionOf)].filter(
      (s): s is string => s !== undefined,
    );
    const url = Array.isArray(report.external_references)
      ? (report.external_references as unknown[])
          .map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>).url : undefined))
          .find((u): u is string => typeof u === 'string' && /^https?:\/\//.test(u))
      : undefined;
    const title = str(report, 'name');
    const published = normalisePublished(str(report, 'published'));
    docs.push({
      fragment: `#${report.id}`,
      text: sections.join('\n\n'),
      warnings,
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
      ...(url ? { url } : {}),
    });
  }
  const loose = annotations.filter((a) => !used.has(a.id));
  if (loose.length > 0)
    docs.push({
      fragment: '#notes',
      title: 'Notes and opinions',
      text: loose.map(sectionOf).join('\n\n'),
      warnings,
    });
  const withText = docs.filter((d) => d.text.trim() !== '');
  if (withText.length === 0) {
    throw readerErrors.noText(
      source,
      `the STIX bundle (${objects.length} objects) has no report or note text to extract`,
    );
  }
  return withText;
}
