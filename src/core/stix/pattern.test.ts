import { describe, expect, it } from 'vitest';
import { OBSERVABLE_KINDS, patternFor, patternForAny } from './pattern-builder.js';
import { iocsFromPattern } from './pattern-iocs.js';
import { parsePattern } from './pattern-parser.js';
import { safeParsePattern } from './pattern-validator.js';

describe('STIX pattern builder', () => {
  it('renders one comparison per kind with the right object path', () => {
    const out = Object.fromEntries(OBSERVABLE_KINDS.map((k) => [k, patternFor(k, 'v')]));
    expect(out).toEqual({
      ipv4: "[ipv4-addr:value = 'v']",
      ipv6: "[ipv6-addr:value = 'v']",
      domain: "[domain-name:value = 'v']",
      url: "[url:value = 'v']",
      email: "[email-addr:value = 'v']",
      md5: "[file:hashes.'MD5' = 'v']",
      sha1: "[file:hashes.'SHA-1' = 'v']",
      sha256: "[file:hashes.'SHA-256' = 'v']",
      sha512: "[file:hashes.'SHA-512' = 'v']",
      file: "[file:name = 'v']",
      registry: "[windows-registry-key:key = 'v']",
      commandline: "[process:command_line = 'v']",
    });
  });

  it("escapes ' and \\ in values, and the result parses back to the same value", () => {
    const cmd = `ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro" 'q'`;
    const pattern = patternFor('commandline', cmd);
    expect(pattern).toBe(
      `[process:command_line = 'ntdsutil "ac i ntds" ifm "create full C:\\\\Windows\\\\Temp\\\\pro" \\'q\\'']`,
    );
    const { iocs, exact } = iocsFromPattern(parsePattern(pattern));
    expect(iocs).toEqual([{ kind: 'commandline', value: cmd, operator: '=' }]);
    expect(exact).toBe(true);
    const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
    // STIX wants the hive spelled out (§6.17), in the pattern as in the observable.
    expect(iocsFromPattern(parsePattern(patternFor('registry', key))).iocs[0]?.value).toBe(
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    );
    expect(patternFor('registry', 'hkcu\\x')).toBe("[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\x']");
    expect(patternFor('registry', 'HKLMX\\x')).toBe("[windows-registry-key:key = 'HKLMX\\\\x']");
    expect(patternFor('registry', 'HKLM:\\SOFTWARE\\Run')).toBe(
      "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Run']",
    );
  });

  it('ORs several values of a kind into one observation', () => {
    const p = patternForAny('domain', ['a.example', 'b.example']);
    expect(p).toBe("[domain-name:value = 'a.example' OR domain-name:value = 'b.example']");
    expect(iocsFromPattern(parsePattern(p))).toEqual({
      iocs: [
        { kind: 'domain', value: 'a.example', operator: '=' },
        { kind: 'domain', value: 'b.example', operator: '=' },
      ],
      exact: true,
    });
  });
});

describe('STIX pattern parser/validator (§9)', () => {
  const VALID = [
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
    "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
    "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
    "[url:value = 'http://x4z9arb.cn/4712/']",
    "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
    "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
    "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul']",
    "[network-traffic:dst_port IN (80, 443, 8080)] REPEATS 5 TIMES START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
    "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
    "[file:size > 100000 AND file:size <= 2000000 AND file:name NOT LIKE '%.txt']",
    "[network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24']",
    "[file:mime_type = 'x' AND file:x_payload = h'0a0b' AND file:x_b = b'aGVsbG8=' AND file:x_flag = true]",
    "[windows-registry-key:values[0].name = 'x' AND EXISTS windows-registry-key:values[*].data]",
  ];
  it.each(VALID)('accepts %s', (pattern) => {
    const result = safeParsePattern(pattern);
    expect(result.success ? [] : result.issues).toEqual([]);
  });

  const INVALID: readonly (readonly [string, RegExp])[] = [
    ['', /expected an observation expression/],
    ["ipv4-addr:value = '1.2.3.4'", /expected '\['/],
    ["[ipv4-addr:value = '1.2.3.4'", /']' closing/],
    ["[ipv4-addr:value = '1.2.3.4]", /unterminated string/],
    ["[ipv4-addr:value == '1.2.3.4']", /'==' is not a STIX operator/],
    ["[ipv4-addr:value = 1.2.3.4']", /syntax error/],
    ["[file:hashes.SHA-256 = 'x']", /must be quoted/],
    ["[IPV4-ADDR:value = 'x']", /not a valid object type/],
    ["[ipv4-addr:value = 'x\\q']", /invalid escape/],
    ["[ipv4-addr:value = 'x'] AND", /expected '\['/],
    ["[ipv4-addr:value = 'a' AND domain-name:value = 'b']", /different object types/],
    ["[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", /more than one WITHIN/],
    ["[file:name = 'a'] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'", /not before STOP/],
    ["[file:created = t'yesterday']", /not a STIX timestamp/],
    ["[file:x = h'abc']", /even-length hex/],
    ["[ipv4-addr:value IN ('a', ]", /expected a literal/],
    ['[file:name LIKE 5]', /string literal after LIKE/],
    ["[file:name = 'a'] REPEATS 0 TIMES", /positive integer/],
    ["[ipv4-addr:value = 'a'] ; DROP", /unexpected character ';'/],
  ];
  it.each(INVALID)('rejects %j', (pattern, message) => {
    const result = safeParsePattern(pattern);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('names the column of a syntax error', () => {
    expect(() => parsePattern("[ipv4-addr:value = '1.2.3.4' XOR]")).toThrow(/column 30/);
  });

  it('builds a tree with precedence FOLLOWEDBY < OR < AND', () => {
    const tree = parsePattern("[a-b:c = 'x'] OR [a-b:c = 'y'] AND [a-b:c = 'z'] FOLLOWEDBY [a-b:c = 'w']");
    expect(tree.kind).toBe('observation-group');
    if (tree.kind !== 'observation-group') return;
    expect(tree.operator).toBe('FOLLOWEDBY');
    const left = tree.operands[0];
    expect(left?.kind === 'observation-group' && left.operator).toBe('OR');
  });
});

describe('IOC values from patterns', () => {
  it('reads simple equality, IN and CIDR tests and says when the list is the whole condition', () => {
    const result = iocsFromPattern(
      parsePattern(
        "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value ISSUBSET '203.0.113.0/24' OR file:hashes.'sha256' IN ('AA', 'BB')]",
      ),
    );
    expect(result).toEqual({
      iocs: [
        { kind: 'ipv4', value: '198.51.100.1', operator: '=' },
        { kind: 'ipv4', value: '203.0.113.0/24', operator: 'ISSUBSET' },
        { kind: 'sha256', value: 'AA', operator: 'IN' },
        { kind: 'sha256', value: 'BB', operator: 'IN' },
      ],
      exact: true,
    });
  });

  it('marks compound conditions as inexact but still returns their values', () => {
    const anded = iocsFromPattern(parsePattern("[file:name = 'evil.exe' AND file:size > 10]"));
    expect(anded).toEqual({ iocs: [{ kind: 'file', value: 'evil.exe', operator: '=' }], exact: false });
    const followed = iocsFromPattern(
      parsePattern(
        "[email-message:from_ref.value = 'a@evil.example'] FOLLOWEDBY [url:value = 'http://evil.example/x']",
      ),
    );
    expect(followed.exact).toBe(false);
    expect(followed.iocs.map((i) => i.kind)).toEqual(['email', 'url']);
    const traffic = iocsFromPattern(parsePattern("[network-traffic:dst_ref.value = '2001:db8::5']"));
    expect(traffic.iocs).toEqual([{ kind: 'ipv6', value: '2001:db8::5', operator: '=' }]);
  });

  it('ignores negated tests', () => {
    expect(iocsFromPattern(parsePattern("[domain-name:value != 'good.example']"))).toEqual({
      iocs: [],
      exact: false,
    });
  });
});
