import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** The calibration's fixed work: list rows through JSON and back, best of CALIBRATION_RUNS. */
const CALIBRATION_ROWS = 20_000;
const CALIBRATION_ROUNDS = 4;
const CALIBRATION_RUNS = 3;

/**
 * How long one core takes for a fixed piece of work like the gateway's (objects built, turned
 * into JSON and read back) right now. This box is a shared virtual machine whose kind and speed
 * change from day to day (the same 1,000 deliveries cost Dovecot 7.5 s of CPU on one and
 * 16.6 s on another): a slower calibration says the numbers beside it came from a slower box,
 * not from the code.
 */
function calibrationMs(): number {
  let best = Infinity;
  for (let run = 0; run < CALIBRATION_RUNS; run++) {
    const started = performance.now();
    for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
      const rows = Array.from({ length: CALIBRATION_ROWS }, (_, uid) => ({
        uid,
        from: [{ name: `Sender ${uid % 97}`, address: `s${uid % 97}@example.test` }],
        subject: `Subject number ${uid}`,
        flags: uid % 3 ? ['\\Seen'] : [],
        size: uid * 31,
      }));
      JSON.parse(JSON.stringify(rows));
    }
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best);
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

/** What the numbers were measured on, recorded beside them. */
export function machine(): Record<string, string | number> {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    dovecot: version('dovecot', ['--version']),
    chromium: version('/usr/bin/chromium', ['--version']),
    calibrationMs: calibrationMs(),
  };
}
