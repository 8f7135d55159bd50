import type { Summary } from './stats.ts';

/** What one benchmark run left in bench/results/latest-NAME.json. */
export interface BenchmarkRecord {
  name: string;
  date: string;
  machine: Record<string, string | number>;
  result: unknown;
}

const DESCRIPTIONS: Record<string, string> = {
  'live-latency':
    'Another client APPENDs a message; (a) the floor: a bare imapflow client idling on the same mailbox sees EXISTS; (b) Tidings: the row enters the DOM (MutationObserver, timestamped in the page with `performance.timeOrigin + performance.now()`). Deliveries are spaced 1.2 s apart (Dovecot runs a 500 ms notify timer per connection). "afterAction": the user clicks an unread row (a STORE on the command connection) right before each delivery. Target: difference ≤ 10 ms at p50 and ≤ 50 ms at p99.',
  recovery:
    "Default gateway settings; each fault is measured on a fresh account (clean backoff), and repeatedRestartsOneAccount follows one account through all five restarts, whose backoff grows by design. Restart: Dovecot listening again → `account:status` live and the list equal to the server. Half-open: the idle connection's imap process is frozen (SIGSTOP) → detected dead, then healed (target ≤ 60 s). Own-action fan-out: tab A sends `message:setFlags` → tab B receives `message:flagsChanged` (target p99 ≤ 50 ms).",
};

function isSummary(value: unknown): value is Summary {
  return typeof value === 'object' && value !== null && 'p50' in value && 'p99' in value;
}

function rows(prefix: string, value: unknown, out: string[]): void {
  if (isSummary(value)) {
    const target = 'target' in value ? JSON.stringify((value as { target: unknown }).target) : '';
    out.push(
      `| ${prefix} | ${value.n} | ${value.p50} | ${value.p95} | ${value.p99} | ${value.max} | ${target} |`,
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
    out.push('| measure | n | p50 | p95 | p99 | max | target |', '|---|---|---|---|---|---|---|');
    rows('', record.result, out);
    out.push('');
  }
  return out.join('\n');
}
