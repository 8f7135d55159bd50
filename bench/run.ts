import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bigMailbox } from './big-mailbox.ts';
import { bundle } from './bundle.ts';
import { idleTab } from './idle-tab.ts';
import { liveLatency } from './live-latency.ts';
import { machine } from './machine.ts';
import { manyAccounts } from './many-accounts.ts';
import { recovery } from './recovery.ts';
import { renderBenchmarks, type BenchmarkRecord } from './report.ts';

/*
 * `pnpm bench` starts this process with `--initial-old-space-size=512`. Holding 1,000 simulated
 * tabs, its heap (~85 MB) sat so close to V8's old-generation limit that during many-accounts'
 * rounds it ran a full mark-compact about every 70 ms (hundreds per run, `--trace-gc`): half of
 * its main thread, on the cores the gateway and Dovecot need for the same burst. With the larger
 * initial old space it ran 4 in a whole run. The gateway's own process is started without it,
 * as `pnpm start` starts it.
 */

/** many-accounts-own-cpu: the gateway's CPU weight, in multiples of everything else's. */
const GATEWAY_OWN_CPU_WEIGHT = 8;

/**
 * Every benchmark by name, in the order `pnpm bench` runs them all; `pnpm bench NAME…` runs
 * some. many-accounts-own-cpu comes last: it needs root and a cpu cgroup, and a benchmark that
 * fails stops the ones after it.
 */
const BENCHMARKS: Record<string, () => Promise<unknown>> = {
  'big-mailbox': bigMailbox,
  bundle,
  'idle-tab': idleTab,
  'live-latency': liveLatency,
  'many-accounts': () => manyAccounts(),
  recovery,
  'many-accounts-own-cpu': () => manyAccounts({ gatewayCpuWeight: GATEWAY_OWN_CPU_WEIGHT }),
};

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const BENCHMARKS_DOC = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((name) => !(name in BENCHMARKS));
  if (unknown.length) {
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; have ${Object.keys(BENCHMARKS).join(', ')}`,
    );
  }
  const names = wanted.length ? wanted : Object.keys(BENCHMARKS);
  await mkdir(RESULTS_DIR, { recursive: true });
  const started = new Date().toISOString();
  // Read once, before any benchmark: the calibration then times a quiet box, not one still
  // collecting a benchmark's garbage.
  const box = machine();
  const results: Record<string, unknown> = {};
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    results[name] = await BENCHMARKS[name]!();
    // Kept as soon as it is measured: a later benchmark failing loses nothing.
    const record: BenchmarkRecord = {
      name,
      date: new Date().toISOString(),
      machine: box,
      result: results[name],
    };
    await writeFile(`${RESULTS_DIR}latest-${name}.json`, JSON.stringify(record, null, 2) + '\n');
    await writeBenchmarksDoc();
  }
  const output = { date: started, machine: box, results };
  const json = JSON.stringify(output, null, 2);
  const file = `${RESULTS_DIR}${started.replace(/[:.]/g, '-')}.json`;
  await writeFile(file, json + '\n');
  process.stdout.write(json + '\n');
  process.stderr.write(`bench: written to ${file} and docs/BENCHMARKS.md\n`);
}

async function writeBenchmarksDoc(): Promise<void> {
  const records: BenchmarkRecord[] = [];
  for (const file of await readdir(RESULTS_DIR)) {
    if (/^latest-.+\.json$/.test(file))
      records.push(JSON.parse(await readFile(`${RESULTS_DIR}${file}`, 'utf8')));
  }
  await writeFile(BENCHMARKS_DOC, renderBenchmarks(records));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
