import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stormwatch CLI shell', () => {
  it('prints the package version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints help with exit 0 and lists global options', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: stormwatch <command>');
    expect(r.stdout).toContain('--no-color');
  });

  it('exits 2 with a usage error on an unknown command, without colour when piped', () => {
    const r = run(['no-such-command'], { FORCE_COLOR: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'no-such-command'");
    expect(r.stderr).not.toContain('\u001b[');
  });

  it('never colours when NO_COLOR is set, even if FORCE_COLOR is', () => {
    const r = run(['no-such-command'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(r.stderr).not.toContain('\u001b[');
  });
});
