import type { Summary } from './stats.ts';

/** What one benchmark run left in bench/results/latest-NAME.json. */
export interface BenchmarkRecord {
  name: string;
  date: string;
  machine: Record<string, string | number>;
  result: unknown;
}

const DESCRIPTIONS: Record<string, string> = {
  'big-mailbox':
    "One INBOX of 100,000 messages (`BENCH_BIG_N`), written straight into the Maildir by testkit `fillMailbox`. firstRowsMs: Sign in pressed → first message row in the DOM, cold (the account session closed before each sign-in). farJumpFillMs: the grid scrolled to a random position → every visible row filled (page clock, MutationObserver). gatewayBytesPerMessage: the watched mailbox's typed arrays (envelopes sit in a 5,000-entry cache). browserHeapMiB: used JS heap after a forced GC at the top, middle and bottom. bulkDeletion (run last): another client deletes every tenth message in one UID EXPUNGE while a tab watches; tabHasAllMs from the command sent to the tab's last removal, pushes the `message:expunged` it took; stateOnly applies the same removal to the gateway's state alone, one `remove` per message (as before `removeMany`) and in one pass; and as a server without QRESYNC tells it, a run of EXPUNGE by sequence number lowest first (each counted from the numbering the ones before it left), one `removeAtSeq` each (as before `removeAtSeqs`) and in one pass. wholeFolder: on a second account filled alike, the whole Inbox selected in the browser (selectMs: the click on “Select all 100,000 in Inbox” → the count shown), moved to Trash after the question such an action asks, in requests of 10,000 UIDs (deleteMs: the confirming click → the note “Moved 100,000 messages to Trash”), and brought back by one Undo, each request having joined the undo of the one before (undoMs: the click → all rows counted again and the top row shown). Targets: first rows ≤ 1,000 ms (p50), fill ≤ 300 ms (p99), ≤ 16 bytes a message, ≤ 150 MiB.",
  'idle-tab':
    "An inbox of 40 messages signed in in Chromium, Live, left alone for 30 s (`BENCH_IDLE_MS`) after 10 s to settle (the Live dot pulses three times when the channel goes live). browserCpuPercent: CPU time of every Chromium process (browser, renderer, GPU/compositor, utilities) from /proc over the window, in % of one core; blankPage: the same measure first on about:blank in the same browser (Chromium's own timers, Playwright's connection); aboveBlankPagePercent: the inbox's browserCpuPercent − the blank page's (target ≤ 0.5: nothing polls, nothing moves); rendererTaskMs, styleRecalcs and layouts: the page's main thread as CDP Performance.getMetrics counts it; mailServerCpuPercent: Dovecot's processes; gatewayProcessCpuPercent: the bench process, which runs the gateway and Playwright's end of the browser connection.",
  'live-latency':
    'Another client APPENDs a message; (a) the floor: a bare imapflow client idling on the same mailbox sees EXISTS; (b) Tidings: the row enters the DOM (MutationObserver, timestamped in the page with `performance.timeOrigin + performance.now()`). Deliveries are spaced 1.2 s apart (Dovecot runs a 500 ms notify timer per connection). "afterAction": the user clicks an unread row (a STORE on the command connection) right before each delivery. Target: difference ≤ 10 ms at p50 and ≤ 50 ms at p99.',
  recovery:
    "Default gateway settings; each fault is measured on a fresh account (clean backoff), and repeatedRestartsOneAccount follows one account through all five restarts, whose backoff grows by design. Restart: Dovecot listening again → `account:status` live and the list equal to the server. Half-open: the idle connection's imap process is frozen (SIGSTOP) → detected dead, then healed (target ≤ 60 s). Own-action fan-out: tab A sends `message:setFlags` → tab B receives `message:flagsChanged` (target p99 ≤ 50 ms).",
  'many-accounts':
    "One gateway process (run as `pnpm start` runs it, in a session of its own as a service is: where the kernel shares CPU time out by cgroup or, with autogroup, by session, the gateway, Dovecot's daemon and this bench are three groups of equal weight, config.schedulingGroups; runs before 2026-12-08 left the gateway in the bench's session, sharing one group's time with the tabs and floor clients measuring it, which BENCH_GATEWAY_SESSION=bench repeats) with N signed-in accounts on the private Dovecot, each with one socket.io tab that opened INBOX (10 messages). Memory: (RSS after − RSS before) / N from /proc/PID/status, each after a full GC, the baseline with 10 accounts already live (target ≤ 256 KiB per account); rssPerAccountKiBSettled reads again 5 s and one more full GC later, as the baseline itself was read (the allocator gives pages back to the kernel only a while after they are freed); heapTotalPerAccountKiB is V8's committed heap, heapUsedPerAccountKiB what lives in it. CPU at rest: utime+stime of the gateway (and of every Dovecot process) over a quiet window that starts 50 s after the memory reading (30 s until 2026-12-08) (whose forced full collection V8 follows with sweeping and memory-reducer collections on its helper threads for some seconds), in % of one core (target about 0); gatewayMainThreadPercentOfOneCore is its event-loop thread's part (schedstat), the rest ran on V8's helper threads (garbage collection). Fan-out: one LMTP delivery to all N accounts → each tab's `message:added`. Floors: on 50 of those INBOXes, spread over the recipient list (Dovecot stores for one recipient after another, so the floor grows along it), two bare imapflow clients: one with plain IDLE (floorMs), one holding the gateway's own NOTIFY session (notifyFloorMs). differenceMs pairs each plain-IDLE floor client with the tab of the same account (target p99 ≤ 100 ms); differenceFromNotifyFloorMs does the same against the NOTIFY floor. The way splits at the gateway's socket: gatewayHopMs is each tab's `message:added` − the first EXISTS its account's IMAP connection read, timed inside the gateway by the bench's preloaded probe when its event loop read the bytes; serverSpreadMs is that read − each floor client's EXISTS, so it also holds the time the bytes waited in the kernel while the gateway's loop was busy; gatewayLoopDelayMs is how late that loop ran during the rounds; gatewayCpuMsPerDelivery the gateway's CPU over the rounds (their spacing included) per account and delivery. gatewayMainThreadMs: the gateway's event-loop thread over the rounds, on a CPU and runnable but waiting for one (schedstat). floorToFloorMs: each account's NOTIFY floor − its plain-IDLE floor, two bare clients read by the same process: the spread any pairing of two connections has at this load. Times compared across processes are on the machine's monotonic clock. `wire`: the same deliveries timed on the loopback wire by tcpdump (bench/wire-capture.ts), where the kernel stamps each segment when its sender's write puts it there, so no reader's event loop is in these times, the bench's included. wire · gatewayMs: for every tab, the gateway's send of its `message:added` − Dovecot's send of the EXISTS (with the row) to the gateway's IMAP connection: everything the gateway adds above the server's floor for that connection, its kernel wait while the loop is busy or off a core included (target p99 ≤ 100 ms); its tail: each round's p99 and burst (Dovecot's first to last send of the EXISTS to the gateway's connections), and how far into their round's burst the slowest 1% of tabs' EXISTS went out. wire · differenceMs: the same send − Dovecot's send of the EXISTS to the account's plain-IDLE floor client (target p99 ≤ 100 ms): gatewayMs plus wire · serverSpreadMs, how much later Dovecot sent to the gateway's connection than to the floor client's; for scale, wire · floorToFloorMs is how far apart Dovecot sends the same delivery to two bare connections of one account, no gateway anywhere. droppedByKernel should be 0; tcpdump's own CPU is not counted anywhere. The bench process runs with `--initial-old-space-size=512` (bench/run.ts says why); the gateway with the flags of its `start` script (apps/gateway/package.json, read by bench/start-script.ts: `--heap-growing-percent=50 --min-semi-space-size=4` since 2026-12-08). Two message shapes: mailingList (To: one list address, the accounts its members: the usual mass delivery, the headline) and everyoneInTo (all N accounts named in To, a header of ~40 KB at 1,000: the worst case). mailingListFirstRounds: the first 2 deliveries the fresh gateway ever relays, measured the same way and reported apart (since 2026-12-08; before, they were the first two of mailingList's five): nothing before them ran a pushed row's path, so V8 still interprets and compiles it. memory · peakRssMiB: the gateway's VmHWM at the end of the fan-out, the whole process at its largest.",
  'many-accounts-own-cpu':
    "many-accounts with one change: the gateway process sits in a cgroup of its own with 8× the default CPU weight, and all of Dovecot's processes together in one cgroup of the default weight (bench/cpu-weight.ts; at the top level they are one group only where the kernel groups tasks by session, autogroup: without it, each of the hundreds of Dovecot processes runnable during a delivery would weigh as much as the gateway's whole group). So the gateway gets a core whenever it is runnable and takes only what it uses, as on a gateway host whose cores the mail server does not use; Dovecot and this bench share the rest. The headline stays many-accounts, where the gateway shares the 2 cores on equal terms.",
  bundle:
    'The JavaScript a browser fetches before the app runs: the entry script of index.html and its static imports (Vite manifest of a fresh build), gzipped with node:zlib at the default level and at 9, in KB of 1,000 bytes (target ≤ 150 KB); chunks loaded on demand and CSS listed apart.',
};

function isSummary(value: unknown): value is Partial<Summary> & Pick<Summary, 'p50' | 'p99'> {
  return typeof value === 'object' && value !== null && 'p50' in value && 'p99' in value;
}

function rows(prefix: string, value: unknown, out: string[]): void {
  if (isSummary(value)) {
    const target = 'target' in value ? JSON.stringify((value as { target: unknown }).target) : '';
    out.push(
      `| ${prefix} | ${value.n ?? ''} | ${value.p50} | ${value.p95 ?? ''} | ${value.p99} | ${value.max} | ${target} |`,
    );
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'target' || key === 'note' || key === 'what') continue;
      rows(prefix ? `${prefix} · ${key}` : key, inner, out);
    }
  }
}

/** Single numbers (sizes, percentages, counts) that are not distributions, as a list. */
function scalars(prefix: string, value: unknown, out: string[]): void {
  if (isSummary(value) || typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'note' || key === 'what') continue;
    const name = prefix ? `${prefix} · ${key}` : key;
    if (typeof inner === 'number') out.push(`- ${name}: ${inner}`);
    else scalars(name, inner, out);
  }
}

/** docs/BENCHMARKS.md, rendered from the latest record of every benchmark. */
export function renderBenchmarks(records: BenchmarkRecord[]): string {
  const out = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` from `bench/results/latest-*.json`; run it to refresh. All times in milliseconds.',
    '',
  ];
  for (const record of records.sort((a, b) => a.name.localeCompare(b.name))) {
    out.push(`## ${record.name}`, '');
    out.push(
      `Measured ${record.date} on ${Object.entries(record.machine)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}.`,
      '',
    );
    if (DESCRIPTIONS[record.name]) out.push(DESCRIPTIONS[record.name]!, '');
    const table: string[] = [];
    rows('', record.result, table);
    if (table.length) {
      out.push('| measure | n | p50 | p95 | p99 | max | target |', '|---|---|---|---|---|---|---|');
      out.push(...table, '');
    }
    const values: string[] = [];
    scalars('', record.result, values);
    if (values.length) out.push(...values, '');
  }
  return out.join('\n');
}
