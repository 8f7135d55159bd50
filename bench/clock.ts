/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC), for times compared across
 * processes (the bench, its gateway's probe): every process on the machine reads the same
 * clock. `performance.timeOrigin + performance.now()` does not do for that: its origin is each
 * process's own reading of the wall clock at its start, which NTP may have moved in between.
 */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
