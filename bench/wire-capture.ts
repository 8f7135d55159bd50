/**
 * Times bytes on the loopback wire, with tcpdump: the kernel stamps each segment when the
 * sender's write puts it there, whatever the reading processes' event loops were doing. The
 * bench's own clocks read a byte only when its event loop gets to it, and at 1,000 accounts on
 * two shared cores that loop is late by as much as the spread being measured. Needs root (or
 * CAP_NET_RAW) and Debian's `tcpdump` (scripts/bootstrap.sh installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tcpSegments, type TcpSegment } from './pcap.ts';

/** Enough of each segment for an IMAP response line or a socket.io event's name. */
const SNAP_LENGTH = 1024;
/** tcpdump's kernel buffer, KiB: a round's burst must fit while tcpdump writes the file. */
const BUFFER_KIB = 65_536;
const START_TIMEOUT_MS = 10_000;
/** Only segments that carry bytes (IPv4 total length − IP header − TCP header ≠ 0). */
const WITH_PAYLOAD = '(((ip[2:2] - ((ip[0]&0xf)<<2)) - ((tcp[12]&0xf0)>>2)) != 0)';

export interface WireCapture {
  /** Ends the capture; the segments it kept, and what the kernel dropped (should be 0). */
  stop(): Promise<{ segments: TcpSegment[]; droppedByKernel: number | null }>;
}

/**
 * Captures every segment with payload that one of `sourcePorts` sends on `lo` (IPv4), until
 * `stop()`. Throws when tcpdump is missing or cannot capture (not root).
 */
export async function startWireCapture(sourcePorts: number[]): Promise<WireCapture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tidings-wire-'));
  const file = path.join(dir, 'capture.pcap');
  const sources = sourcePorts.map((port) => `src port ${port}`).join(' or ');
  const filter = `ip and tcp and src host 127.0.0.1 and (${sources}) and ${WITH_PAYLOAD}`;
  const args = ['-i', 'lo', '-n', '-s', String(SNAP_LENGTH), '-B', String(BUFFER_KIB)];
  args.push('--time-stamp-precision=nano', '-w', file, filter);
  const tcpdump = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  tcpdump.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    await listening(tcpdump, () => stderr);
  } catch (error) {
    tcpdump.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    async stop() {
      if (tcpdump.exitCode === null && tcpdump.signalCode === null) {
        const exited = new Promise<void>((resolve) => tcpdump.once('exit', () => resolve()));
        tcpdump.kill('SIGINT');
        await exited;
      }
      try {
        // BENCH_WIRE_KEEP: a folder to keep the capture in, for tcpdump -r or Wireshark.
        const keep = process.env.BENCH_WIRE_KEEP;
        if (keep) await copyFile(file, path.join(keep, `wire-${Date.now()}.pcap`));
        const segments = tcpSegments(await readFile(file));
        const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
        return { segments, droppedByKernel: dropped ? Number(dropped[1]) : null };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

function listening(tcpdump: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('tcpdump did not start')), START_TIMEOUT_MS);
    const done = (error?: Error) => {
      clearTimeout(timer);
      tcpdump.stderr!.off('data', onData);
      tcpdump.off('exit', onExit);
      tcpdump.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = () => {
      if (/listening on lo/.test(stderr())) done();
    };
    const onExit = (code: number | null) =>
      done(new Error(`tcpdump exited (${code}): ${stderr().trim()}`));
    const onError = (error: Error) => done(new Error(`tcpdump: ${error.message}`));
    tcpdump.stderr!.on('data', onData);
    tcpdump.once('exit', onExit);
    tcpdump.once('error', onError);
  });
}
