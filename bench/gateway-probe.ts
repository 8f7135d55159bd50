/**
 * Preloaded (`node --import`) into a gateway the bench runs as its own process: answers the
 * parent's `memory` request over the fork IPC channel with `process.memoryUsage()` taken right
 * after a full garbage collection (`--expose-gc`), so that two readings compare live memory, not
 * whatever garbage happened to be waiting. The gateway itself runs unmodified.
 */
export const MEMORY_REQUEST = 'memory';

// Only a forked process has the channel (the bench imports this module for the constant).
if (process.send) {
  process.on('message', (message) => {
    if (message !== MEMORY_REQUEST) return;
    (globalThis as { gc?: () => void }).gc?.();
    process.send!(process.memoryUsage());
  });
}
