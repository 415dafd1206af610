import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../test/shared-data.js';
import { iocsFromStix, parseStixBundle } from './bundle-reader.js';
import { validateBundle } from './bundle-validator.js';
import { attributionObjects, createStixFactory, seededUuidSource } from './index.js';
import type { StixObject } from './types.js';

const FIXED = new Date('2026-01-31T09:00:00.000Z');

/** A bundle using every builder, shaped like `extract --format stix` output for seed 001. */
function richBundle() {
  const stix = createStixFactory({ clock: () => FIXED, uuids: seededUuidSource('rich-bundle') });
  const stormwatch = stix.identity({ name: 'stormwatch', identity_class: 'system' });
  const cisa = stix.identity({ name: 'CISA', identity_class: 'organization' });
  const cncert = stix.identity({ name: 'CNCERT', identity_class: 'organization' });
  const officials = stix.identity({ name: 'US officials', identity_class: 'class' });
  const reporter = stix.identity({ name: 'Jane Doe', identity_class: 'individual' });
  const utilities = stix.identity(
    {
      name: 'Electric Power Generation, Transmission and Distribution',
      identity_class: 'class',
      sectors: ['utilities', 'energy'],
      naics: [{ code: '2211', title: 'Electric Power Generation, Transmission and Distribution' }],
    },
    { created_by_ref: stormwatch },
  );
  const water = stix.identity({
    name: 'Water, Sewage and Other Systems',
    identity_class: 'class',
    sectors: ['water'],
    naics: [{ code: '2213' }],
  });
  const volt = stix.intrusionSet({
    name: 'Volt Typhoon',
    aliases: ['Volt Typhoon', 'Vanguard Panda', 'DEV-0391', 'UNC3236', 'Voltzite'],
    attack: { id: 'G1017' },
  });
  const china = stix.location({ country: 'cn', name: 'China' });
  const guam = stix.location({ country: 'GU', name: 'Guam' });
  const ntds = stix.attackPattern({
    name: 'OS Credential Dumping: NTDS',
    attack: { id: 'T1003.003' },
    kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'credential-access' }],
  });
  const proxy = stix.attackPattern({ name: 'Proxy: Internal Proxy', attack: { id: 'T1090.001' } });
  const cve = stix.vulnerability('cve-2021-27860');
  const values: [Parameters<typeof stix.observable>[0], string][] = [
    ['ipv4', '198.51.100.3'],
    ['ipv6', '2001:db8::1'],
    ['domain', 'evil.example.com'],
    ['url', "http://evil.example.com/a?x=1&y='2'"],
    ['email', 'mallory@evil.example.com'],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['file', 'C:\\Windows\\Temp\\pro\\ntds.dit'],
    ['registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\PortProxy\\v4tov4\\tcp'],
    ['commandline', 'ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro"'],
    ['commandline', 'netsh interface portproxy add v4tov4 listenport=9999 connectaddress=10.0.0.1'],
  ];
  const observables = values.map(([k, v]) => stix.observable(k, v));
  const indicators = values.map(([k, v]) => stix.indicatorFor(k, v, {}, { created_by_ref: stormwatch }));
  const indicates = indicators.map((ind) => stix.relationship(ind, 'indicates', volt));
  const basedOn = indicators.map((ind, i) => stix.relationship(ind, 'based-on', observables[i] ?? ind));
  const chinaGov = stix.identity({
    name: "China's Foreign Ministry",
    identity_class: 'organization',
    sectors: ['government-national'],
  });
  const names = { actor: 'Volt Typhoon', state: 'China' };
  const byOfficials = attributionObjects(stix, {
    actor: volt,
    state: china,
    claimant: officials,
    stance: 'asserts',
    evidence: 'US officials said Volt Typhoon is a Chinese state-sponsored group.',
    names: { ...names, claimant: 'US officials' },
  });
  const byCisa = attributionObjects(stix, {
    actor: volt,
    state: china,
    claimant: cisa,
    stance: 'reports',
    publisher: reporter,
    evidence: '"Volt Typhoon is a state-sponsored actor based in China," CISA said.',
    names: { ...names, claimant: 'CISA' },
  });
  const denial = attributionObjects(stix, {
    actor: volt,
    state: china,
    claimant: cncert,
    stance: 'denies',
    disputes: byOfficials.relationshipId,
    evidence: 'CNCERT called the Volt Typhoon reports a US disinformation campaign.',
    names: { ...names, claimant: 'CNCERT' },
  });
  const tacit = attributionObjects(stix, {
    actor: volt,
    state: china,
    claimant: chinaGov,
    stance: 'tacit-admission',
    disputes: byOfficials.relationshipId,
    evidence: 'Chinese officials indicated the intrusions were a response to US policy on Taiwan.',
  });
  const orphanDenial = attributionObjects(stix, {
    actor: volt,
    state: china,
    claimant: cncert,
    stance: 'denies',
    evidence: 'Pure fabrication.',
  });
  const claims: StixObject[] = [byOfficials, byCisa, denial, tacit, orphanDenial].flatMap((c) => {
    const parts: StixObject[] = [c.note];
    if (c.opinion) parts.unshift(c.opinion);
    if (c.relationship) parts.unshift(c.relationship);
    return parts;
  });
  const targets = [utilities, water, guam].map((t) => stix.relationship(volt, 'targets', t));
  const uses = [ntds, proxy].map((t) => stix.relationship(volt, 'uses', t));
  const exploits = stix.relationship(volt, 'targets', cve);
  const us = stix.location({ country: 'US' });
  const locatedAt = stix.relationship(cisa, 'located-at', us);
  const locations = [china, guam, us];
  const body: StixObject[] = [
    stormwatch,
    cisa,
    cncert,
    officials,
    reporter,
    utilities,
    water,
    volt,
    ...locations,
    ntds,
    proxy,
    cve,
    ...observables,
    ...indicators,
    ...indicates,
    ...basedOn,
    chinaGov,
    ...claims,
    ...targets,
    ...uses,
    exploits,
    locatedAt,
  ];
  const report = stix.report(
    {
      name: 'Volt Typhoon targets US critical infrastructure',
      published: '2024-02-07',
      description: 'seed',
      object_refs: body,
    },
    {
      created_by_ref: stormwatch,
      object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    },
  );
  return stix.bundle([report, ...body]);
}

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listJson(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );
}

/** The OASIS validator's approach: check the envelope, then each object against its own type's schema. */
function loadSchemas() {
  const root = shared('stix', 'schemas');
  // The schemas' patterns use escapes (`\-`) that are invalid under the `u` flag.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
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
  bundleSchema.$id = `${bundleSchema.$id}#envelope`.replace('#envelope', '-envelope');
  delete bundleSchema.properties.objects.items;
  const envelope = ajv.compile(bundleSchema);
  const validators = new Map<string, ValidateFunction>();
  const forType = (type: string): ValidateFunction | undefined => {
    const id = byType.get(type);
    if (!id) return undefined;
    let v = validators.get(type);
    if (!v) {
      v = ajv.getSchema(id);
      if (!v) return undefined;
      validators.set(type, v);
    }
    return v;
  };
  return { envelope, forType, byType };
}

describeShared('STIX bundles against the OASIS STIX 2.1 JSON schemas', () => {
  // Loaded in beforeAll: a skipped describe still runs its body while collecting tests.
  let schemas: ReturnType<typeof loadSchemas>;
  beforeAll(() => {
    schemas = loadSchemas();
  });

  it('every object of the rich bundle validates against its type schema, and the envelope against bundle.json', () => {
    const bundle = richBundle();
    expect(schemas.envelope(bundle), JSON.stringify(schemas.envelope.errors)).toBe(true);
    const failures: string[] = [];
    const types = new Set<string>();
    for (const obj of bundle.objects) {
      types.add(obj.type);
      const validate = schemas.forType(obj.type);
      if (!validate) {
        failures.push(`${obj.type}: no schema`);
        continue;
      }
      if (!(validate(obj) as boolean)) failures.push(`${obj.id}: ${JSON.stringify(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    expect([...types].sort()).toEqual([
      'attack-pattern',
      'domain-name',
      'email-addr',
      'file',
      'identity',
      'indicator',
      'intrusion-set',
      'ipv4-addr',
      'ipv6-addr',
      'location',
      'note',
      'opinion',
      'process',
      'relationship',
      'report',
      'url',
      'vulnerability',
      'windows-registry-key',
    ]);
    expect(bundle.objects.length).toBe(82);
  });

  it('the rich bundle passes validateBundle with no issue at all', () => {
    expect(validateBundle(richBundle())).toEqual([]);
  });

  it('is reproducible: the same seed and clock give the same bundle', () => {
    expect(JSON.stringify(richBundle())).toBe(JSON.stringify(richBundle()));
  });

  it('validateBundle and the type schemas over the OASIS example bundles', () => {
    const root = shared('stix', 'examples');
    const summary: Record<string, string[]> = {};
    let checked = 0;
    for (const file of listJson(root)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as StixObject & { objects?: StixObject[] };
      // One example is a lone campaign object: wrap it as a bundle would carry it.
      const bundle =
        json.type === 'bundle'
          ? json
          : { type: 'bundle', id: 'bundle--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70', objects: [json] };
      const schemaFailures: string[] = [];
      for (const obj of bundle.objects ?? []) {
        const validate = schemas.forType(obj.type);
        checked++;
        if (validate && !(validate(obj) as boolean)) schemaFailures.push(`schema ${obj.id}`);
      }
      summary[relative(root, file)] = [
        ...schemaFailures,
        ...new Set(validateBundle(bundle).map((i) => `${i.severity} ${i.code} ${i.message}`)),
      ];
    }
    expect(checked).toBe(260);
    // Findings are explained in docs/formats/stix.md ("Validating").
    expect(summary).toMatchSnapshot();
  });

  it('validateBundle over MITRE ATT&CK (enterprise + ICS) finds only the known empty custom refs', () => {
    const counts: Record<string, number> = {};
    for (const name of ['enterprise-attack.json', 'ics-attack.json']) {
      const bundle = JSON.parse(readFileSync(shared('attack', name), 'utf8')) as { objects: unknown[] };
      counts[`${name} objects`] = bundle.objects.length;
      for (const issue of validateBundle(bundle)) {
        const key = `${name} ${issue.severity} ${issue.code} ${issue.location?.path?.replace(/\[\d+\]/, '[n]')}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    expect(counts).toMatchSnapshot();
  });
});

function withoutContent(note: StixObject): StixObject {
  const { content: _dropped, ...rest } = note;
  return rest as StixObject;
}

describe('validateBundle catches what schemas cannot', () => {
  const stix = createStixFactory({ clock: () => FIXED, uuids: seededUuidSource('neg') });
  const actor = stix.intrusionSet({ name: 'X' });
  const ip = stix.observable('ipv4', '198.51.100.3');

  it('flags unresolved refs, wrong ref types, bad SCO ids, duplicate ids and time travel', () => {
    const org = stix.identity({ name: 'Org', identity_class: 'organization' });
    const bundle = {
      type: 'bundle',
      id: 'bundle--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70',
      objects: [
        actor,
        { ...actor },
        { ...ip, id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c5' },
        {
          ...stix.observable('domain', 'a.example'),
          id: 'domain-name--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70',
        },
        { ...stix.relationship(actor, 'attributed-to', org), created_by_ref: actor.id },
        stix.relationship(actor, 'uses', 'attack-pattern--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f71'),
        { ...stix.note({ content: 'x', object_refs: [actor] }), modified: '2020-01-01T00:00:00Z' },
        {
          ...stix.indicatorFor('domain', 'a.example'),
          pattern: "[domain-name:value = 'a' AND ipv4-addr:value = 'b']",
          valid_until: '2000-01-01T00:00:00Z',
        },
        {
          type: 'opinion',
          spec_version: '2.1',
          id: 'opinion--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f72',
          created: 'yesterday',
          modified: '2026-01-01T00:00:00Z',
          opinion: 'maybe',
          object_refs: ['nonsense'],
        },
        org,
        withoutContent(stix.note({ content: 'x', object_refs: [org] })),
      ],
    };
    const issues = validateBundle(bundle).map((i) => `${i.severity} ${i.code} ${i.location?.path}`);
    expect(issues).toMatchSnapshot();
    const codes = new Set(validateBundle(bundle).map((i) => i.code));
    for (const code of [
      'stix.duplicate-id',
      'stix.sco-id-mismatch',
      'stix.sco-id-not-deterministic',
      'stix.ref-type',
      'stix.unresolved-ref',
      'stix.timestamp-order',
      'stix.invalid-pattern',
      'stix.bad-timestamp',
      'stix.opinion-enum',
      'stix.bad-ref',
      'stix.missing-property',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('accepts references to the well-known TLP markings, and can downgrade unresolved refs to warnings', () => {
    const marked = stix.intrusionSet(
      { name: 'Y' },
      { object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] },
    );
    expect(validateBundle(stix.bundle([marked]))).toEqual([]);
    const dangling = stix.relationship(
      marked,
      'uses',
      'attack-pattern--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f71',
    );
    const issues = validateBundle(stix.bundle([marked, dangling]), { unresolvedRefs: 'warning' });
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
  });

  it('rejects a non-bundle envelope', () => {
    expect(validateBundle([])).toEqual([
      {
        code: 'stix.bundle-not-object',
        message: 'a STIX bundle must be a JSON object',
        severity: 'error',
        location: { path: '$' },
      },
    ]);
    expect(validateBundle({ type: 'bundel', id: 'x', objects: {} }).map((i) => i.code)).toEqual([
      'stix.bundle-type',
      'stix.bad-id',
      'stix.bundle-objects',
    ]);
  });

  it('builders refuse inconsistent input', () => {
    expect(() =>
      stix.intrusionSet({ name: 'Z' }, { created: '2026-02-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' }),
    ).toThrow(/before created/);
    expect(() => stix.indicator({ pattern: "[ipv4-addr:value = '1.2.3.4'" })).toThrow(/invalid STIX pattern/);
    expect(() => stix.location({ country: 'China' })).toThrow(/alpha-2/);
    expect(() => stix.vulnerability('CVE-21-1')).toThrow(/not a CVE id/);
    expect(() => stix.report({ name: 'r', published: FIXED, object_refs: [] })).toThrow(
      /at least one reference/,
    );
  });
});

describe('attribution claims', () => {
  it('models assertions, denials and tacit admissions as relationship + opinion + note', () => {
    const stix = createStixFactory({ clock: () => FIXED, uuids: seededUuidSource('claims') });
    const volt = stix.intrusionSet({ name: 'Volt Typhoon' });
    const cn = stix.location({ country: 'CN' });
    const us = stix.identity({ name: 'US officials', identity_class: 'class' });
    const cncert = stix.identity({ name: 'CNCERT', identity_class: 'organization' });
    const asserted = attributionObjects(stix, {
      actor: volt,
      state: cn,
      claimant: us,
      stance: 'asserts',
      evidence: 'E1',
      names: { actor: 'Volt Typhoon', state: 'China', claimant: 'US officials' },
    });
    expect(asserted.relationship).toMatchObject({
      relationship_type: 'attributed-to',
      source_ref: volt.id,
      target_ref: cn.id,
      created_by_ref: us.id,
      description: 'US officials attributes Volt Typhoon to China.',
    });
    expect(asserted.opinion).toBeUndefined();
    expect(asserted.note).toMatchObject({
      content: 'E1',
      object_refs: [asserted.relationshipId],
      created_by_ref: us.id,
    });
    const denied = attributionObjects(stix, {
      actor: volt,
      state: cn,
      claimant: cncert,
      stance: 'denies',
      evidence: 'E2',
      disputes: asserted.relationshipId,
    });
    expect(denied.relationship).toBeUndefined();
    expect(denied.opinion).toMatchObject({
      opinion: 'strongly-disagree',
      object_refs: [asserted.relationshipId],
      created_by_ref: cncert.id,
    });
    expect(denied.note.object_refs).toEqual([asserted.relationshipId, denied.opinion?.id]);
    const admitted = attributionObjects(stix, {
      actor: volt,
      state: cn,
      claimant: cncert,
      stance: 'tacit-admission',
      evidence: 'E3',
    });
    expect(admitted.relationship?.created_by_ref).toBeUndefined();
    expect(admitted.opinion?.opinion).toBe('agree');
  });
});

describe('parseStixBundle / iocsFromStix', () => {
  it('returns every object with its own issues and the IOC values of indicators and observables', () => {
    const stix = createStixFactory({ clock: () => FIXED, uuids: seededUuidSource('reader') });
    const ind = stix.indicator({
      pattern:
        "[ipv4-addr:value = '203.0.113.7' OR file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']",
      name: 'c2',
    });
    const vuln = stix.vulnerability('CVE-2023-27997');
    const text = JSON.stringify({
      type: 'bundle',
      id: 'bundle--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70',
      objects: [
        ind,
        stix.observable('registry', 'HKLM\\Software\\Run'),
        { ...stix.observable('url', 'http://a.example/x'), id: 'url--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70' },
        vuln,
        {
          type: 'file',
          spec_version: '2.1',
          id: 'file--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f71',
          hashes: { md5: 'D41D8CD98F00B204E9800998ECF8427E' },
          name: 'a.exe',
        },
        { no: 'type' },
      ],
    });
    const parsed = parseStixBundle(text);
    expect(parsed.objects.map((o) => [o.object.type, o.issues.map((i) => i.code)])).toEqual([
      ['indicator', []],
      ['windows-registry-key', []],
      ['url', ['stix.sco-id-not-deterministic']],
      ['vulnerability', []],
      ['file', ['stix.sco-id-not-deterministic']],
    ]);
    expect(parsed.issues.map((i) => i.location?.path)).toEqual(['$.objects[5].type']);
    expect(iocsFromStix(parsed).map((i) => `${i.origin}:${i.kind}:${i.value}:${i.exact}`)).toEqual([
      'pattern:ipv4:203.0.113.7:true',
      'pattern:sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855:true',
      'observable:registry:HKEY_LOCAL_MACHINE\\Software\\Run:true',
      'observable:url:http://a.example/x:true',
      'observable:cve:CVE-2023-27997:true',
      'observable:md5:d41d8cd98f00b204e9800998ecf8427e:true',
      'observable:file:a.exe:true',
    ]);
  });

  it('throws clear errors for unusable input', () => {
    expect(() => parseStixBundle('{"type": "bundle",\n "objects": [}')).toThrow(/not valid JSON/);
    try {
      parseStixBundle('{"type": "bundle",\n "objects": [}');
    } catch (e) {
      expect((e as { location?: unknown }).location).toMatchObject({ line: 2 });
    }
    expect(() => parseStixBundle('{"type":"indicator"}')).toThrow(/not a STIX 2.1 bundle/);
    const v20 = parseStixBundle({
      type: 'bundle',
      id: 'bundle--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70',
      spec_version: '2.0',
      objects: [
        {
          type: 'indicator',
          id: 'indicator--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f71',
          created: '2017-01-01T00:00:00Z',
          modified: '2017-01-01T00:00:00Z',
          labels: ['malicious-activity'],
          pattern: "[ipv4-addr:value = '198.51.100.1']",
          valid_from: '2017-01-01T00:00:00Z',
        },
      ],
    });
    expect(v20.issues.map((i) => i.code)).toEqual(['stix.version-2.0']);
    expect(v20.objects[0]?.issues.map((i) => i.code)).toEqual(['stix.missing-property']); // pattern_type, new in 2.1
    expect(iocsFromStix(v20).map((i) => `${i.kind}:${i.value}`)).toEqual(['ipv4:198.51.100.1']); // 2.0 patterns are STIX
    const observed = parseStixBundle({
      type: 'bundle',
      id: 'bundle--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f70',
      objects: [
        {
          type: 'observed-data',
          spec_version: '2.1',
          id: 'observed-data--6f1c4b8e-7a2d-4d8e-9c1a-2b3c4d5e6f72',
          created: '2017-01-01T00:00:00Z',
          modified: '2017-01-01T00:00:00Z',
          first_observed: '2017-01-01T00:00:00Z',
          last_observed: '2017-01-01T00:00:00Z',
          number_observed: 1,
          objects: {
            '0': { type: 'domain-name', value: 'evil.example' },
            '1': { type: 'file', hashes: { 'SHA-256': 'AB'.repeat(32) } },
          },
        },
      ],
    });
    expect(iocsFromStix(observed).map((i) => `${i.kind}:${i.value}:${i.source_ref.slice(0, 13)}`)).toEqual([
      'domain:evil.example:observed-data',
      `sha256:${'ab'.repeat(32)}:observed-data`,
    ]);
    const taxii = parseStixBundle({ objects: [] });
    expect(taxii.issues.map((i) => i.code)).toEqual(['stix.taxii-envelope']);
  });
});
