/**
 * `npm run bench:catalog`: catalog load time (cold, each in a fresh Node process; warm, in-process after
 * dropping the cache) and alias lookups per second, with a same-run baseline: the MISP threat-actor galaxy
 * parsed raw and scanned linearly, the way a script using the galaxy directly works (needs ../shared/data;
 * skipped when absent). Target: load < 150 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, resetCatalogCache } from '../src/app/catalog/index.js';
import { sharedDataDir } from './lib/shared-data.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Fresh-process runs: in-process wall time and CPU time (user+system) from the script's start, and process wall time. */
function coldRuns(
  mode: 'actor' | 'all',
  runs: number,
): { inProcess: number[]; cpu: number[]; wall: number[] } {
  const appUrl = new URL('../src/app/catalog/index.js', import.meta.url).href;
  const body =
    mode === 'actor'
      ? `const c = m.loadCatalog(); const r = c.resolveActor('Volt Typhoon'); if (r.kind !== 'actor') process.exit(2);`
      : `const c = m.loadCatalog(); c.counts(); c.resolveActor('Volt Typhoon');`;
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now(); const m = await import(${JSON.stringify(appUrl)}); ${body} const c1 = process.cpuUsage(c0); process.stdout.write(String(performance.now() - t0) + ' ' + String((c1.user + c1.system) / 1000));`;
  const inProcess: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    wall.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
    const [w, c] = r.stdout.split(' ');
    inProcess.push(Number(w));
    cpu.push(Number(c));
  }
  return { inProcess, cpu, wall };
}

function main(): void {
  const runs = 7;
  process.stdout.write('stormwatch catalog benchmark\n');
  const coldActor = coldRuns('actor', runs);
  const coldAll = coldRuns('all', runs);
  process.stdout.write(
    `  cold load + first actor lookup (fresh process, import→answer): median ${median(coldActor.inProcess).toFixed(1)} ms wall, ${median(coldActor.cpu).toFixed(1)} ms CPU (whole process incl. Node start ${median(coldActor.wall).toFixed(0)} ms)\n`,
  );
  process.stdout.write(
    `  cold load of every part (actors, ATT&CK, software, sectors, geo…): median ${median(coldAll.inProcess).toFixed(1)} ms wall, ${median(coldAll.cpu).toFixed(1)} ms CPU (whole process ${median(coldAll.wall).toFixed(0)} ms)\n`,
  );

  const warm: number[] = [];
  const warmAll: number[] = [];
  for (let i = 0; i < 15; i++) {
    resetCatalogCache();
    let t = performance.now();
    loadCatalog().resolveActor('Volt Typhoon');
    warm.push(performance.now() - t);
    resetCatalogCache();
    t = performance.now();
    loadCatalog().counts();
    warmAll.push(performance.now() - t);
  }
  process.stdout.write(
    `  warm load (in-process, cache dropped): actor lookup ${median(warm).toFixed(1)} ms, every part ${median(warmAll).toFixed(1)} ms\n`,
  );

  const catalog = loadCatalog();
  const queries = catalog.aliasEntries().flatMap((e) => [e.alias, e.alias.toLowerCase()]);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    for (let i = 0; i < 1000; i++) catalog.actors().links(queries[(n + i) % queries.length] as string);
    n += 1000;
  }
  const oursPerSec = n / ((performance.now() - t0) / 1000);
  process.stdout.write(
    `  alias lookups: ${(oursPerSec / 1e6).toFixed(2)} M/s over ${queries.length} alias spellings\n`,
  );
  let m = 0;
  const t1 = performance.now();
  while (performance.now() - t1 < 1000) {
    catalog.resolveActor(queries[m % queries.length] as string);
    m++;
  }
  process.stdout.write(
    `  full resolveActor (incl. naming-pattern check): ${(m / ((performance.now() - t1) / 1000) / 1e3).toFixed(0)} k/s\n`,
  );

  const galaxy = join(sharedDataDir(), 'misp-galaxy', 'clusters', 'threat-actor.json');
  if (!existsSync(galaxy)) {
    process.stdout.write('  baseline skipped: ../shared/data not found (set STORMWATCH_SHARED_DATA)\n');
    return;
  }
  const tl = performance.now();
  const values = (
    JSON.parse(readFileSync(galaxy, 'utf8')) as {
      values: { value: string; meta?: { synonyms?: string[] } }[];
    }
  ).values;
  const loadRaw = performance.now() - tl;
  let k = 0;
  const t2 = performance.now();
  while (performance.now() - t2 < 1000) {
    const q = (queries[k % queries.length] as string).toLowerCase();
    values.find(
      (v) => v.value.toLowerCase() === q || (v.meta?.synonyms ?? []).some((s) => s.toLowerCase() === q),
    );
    k++;
  }
  const rawPerSec = k / ((performance.now() - t2) / 1000);
  process.stdout.write(
    `  baseline (raw MISP threat-actor galaxy, linear scan): load ${loadRaw.toFixed(1)} ms, ${(rawPerSec / 1e3).toFixed(1)} k lookups/s → stormwatch ${(oursPerSec / rawPerSec).toFixed(0)}× faster lookups (and covers ATT&CK, Microsoft, 3 MISP galaxies, Spindle)\n`,
  );
  const target = median(coldActor.inProcess);
  const cpuTarget = median(coldActor.cpu);
  process.stdout.write(
    `  target load < 150 ms: ${target < 150 ? 'met' : 'NOT met'} (${target.toFixed(1)} ms wall, ${cpuTarget.toFixed(1)} ms CPU; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores — wall time inflates when the machine is busy)\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
