import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../test/shared-data.js';
import { loadCatalog } from '../../app/catalog/index.js';
import { validateBundle } from '../stix/index.js';
import { extractReport, toStixBundle } from './index.js';

const FIXED = new Date('2026-01-31T09:00:00.000Z');
const catalog = loadCatalog();

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listJson(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );
}

/** The OASIS validator's approach: the bundle envelope, then each object against its own type's schema. */
function schemaValidator(): (bundle: { objects: { type: string }[] }) => string[] {
  const root = shared('stix', 'schemas');
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  const byType = new Map<string, string>();
  for (const file of listJson(root)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id: string; title?: string };
    ajv.addSchema(schema);
    if (!relative(root, file).startsWith('common') && schema.title) byType.set(schema.title, schema.$id);
  }
  const bundleSchema = JSON.parse(readFileSync(join(root, 'common', 'bundle.json'), 'utf8')) as {
    $id: string;
    properties: { objects: Record<string, unknown> };
  };
  bundleSchema.$id = `${bundleSchema.$id}-envelope`;
  delete bundleSchema.properties.objects.items;
  const envelope = ajv.compile(bundleSchema);
  const cache = new Map<string, ValidateFunction>();
  return (bundle) => {
    const errors: string[] = [];
    if (!envelope(bundle)) errors.push(`bundle: ${ajv.errorsText(envelope.errors)}`);
    for (const obj of bundle.objects) {
      const id = byType.get(obj.type);
      if (!id) {
        errors.push(`${String(obj.type)}: no schema`);
        continue;
      }
      let v = cache.get(obj.type);
      if (!v) {
        v = ajv.getSchema(id) as ValidateFunction;
        cache.set(obj.type, v);
      }
      const type = obj.type;
      if (!v(obj)) errors.push(`${type}: ${ajv.errorsText(v.errors)}`);
    }
    return errors;
  };
}

describe('toStixBundle', () => {
  const text =
    'Volt Typhoon, a PRC state-sponsored actor, used ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro" and contacted 198.51.100.3 and evil-c2[.]example[.]net.\n' +
    "China's Foreign Ministry rejected the accusation as a smear.\n";
  const result = extractReport(text, { catalog });
  const bundle = toStixBundle(result, { clock: () => FIXED });

  it('uses the spec golden UUIDv5 for observables', () => {
    // 198.51.100.3 is a documentation address: benign, so only with includeNonThreats.
    expect(bundle.objects.map((o) => o.id)).not.toContain('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    const ids = toStixBundle(result, { clock: () => FIXED, includeNonThreats: true }).objects.map(
      (o) => o.id,
    );
    expect(ids).toContain('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
  });

  it('covers every object from the report and ties claims to claimants', () => {
    const report = bundle.objects.find((o) => o.type === 'report') as unknown as { object_refs: string[] };
    const others = bundle.objects.filter((o) => o.type !== 'report').map((o) => o.id);
    expect(new Set(report.object_refs)).toEqual(new Set(others));
    const attributed = bundle.objects.filter(
      (o) => o.type === 'relationship' && o.relationship_type === 'attributed-to',
    );
    expect(attributed.length).toBeGreaterThan(0);
    const opinions = bundle.objects.filter((o) => o.type === 'opinion');
    expect(opinions.map((o) => o.opinion)).toContain('strongly-disagree');
    const claimantIds = new Set(bundle.objects.filter((o) => o.type === 'identity').map((o) => o.id));
    for (const o of [...attributed, ...opinions])
      expect(claimantIds.has(String(o.created_by_ref))).toBe(true);
    expect(bundle.objects.some((o) => o.type === 'note' && String(o.content).includes('smear'))).toBe(true);
    expect(validateBundle(bundle).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('is deterministic for one document and clock', () => {
    expect(toStixBundle(result, { clock: () => FIXED })).toEqual(bundle);
  });
});

describeShared('toStixBundle on the dev set validates against the STIX 2.1 schemas', () => {
  const validate = schemaValidator();
  for (const file of [
    'seed-000.txt',
    'seed-001.txt',
    'seed-004.txt',
    'vendor-unit42-vice-society.full.txt',
    'cisa-aa23-059a.full.txt',
  ]) {
    it(file, () => {
      const text = readFileSync(shared('reports', file), 'utf8');
      const bundle = toStixBundle(extractReport(text, { catalog }), { clock: () => FIXED });
      expect(validate(bundle as unknown as { objects: { type: string }[] })).toEqual([]);
      expect(validateBundle(bundle).filter((i) => i.severity === 'error')).toEqual([]);
    });
  }
});
