import { rmSync } from 'node:fs';

/** A master this process started and has not stopped yet. */
interface RunningMaster {
  pid: number;
  /** Directories to delete after the SIGTERM (temporary instances only). */
  removeDirs: string[];
}

const running = new Set<RunningMaster>();
let installed = false;

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function terminateAll(): void {
  for (const master of running) {
    try {
      process.kill(master.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (const dir of master.removeDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort: the dying master may still be writing its log
      }
    }
  }
  running.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Only act when nobody else handles this signal: an application with its own
  // handler shuts down in its own order and ends with process.exit(), which reaches
  // the 'exit' hook. Alone, re-raise so the process still dies the default way.
  if (process.listenerCount(signal) > 1) return;
  terminateAll();
  for (const name of FORWARDED_SIGNALS) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  // 'exit' listeners must be synchronous: signal the masters, don't wait for them.
  process.on('exit', terminateAll);
  for (const name of FORWARDED_SIGNALS) process.on(name, onSignal);
}

/** Makes sure the master dies with this process if the owner never calls stop(). */
export function trackMaster(pid: number, removeDirs: string[]): () => void {
  install();
  const master: RunningMaster = { pid, removeDirs };
  running.add(master);
  return () => running.delete(master);
}
