/**
 * The fan-out's way, timed on the loopback wire (wire-capture.ts) instead of by the processes
 * that read it: for each delivery round and account, when Dovecot sent the EXISTS to the
 * gateway's IMAP connection and to each floor client, and when the gateway sent the tab its
 * `message:added`. No event loop of the bench is in any of these times.
 */
import { Events } from '@tidings/protocol';
import type { FloorKind } from './floor-clients.ts';
import type { TcpSegment } from './pcap.ts';
import { round2, summarize } from './stats.ts';

export interface WireAccount {
  email: string;
  /** The tab's local port: where the gateway's WebSocket frames go. */
  tabPort: number;
  /** The local ports of the gateway's IMAP connections for this account. */
  gatewayImapPorts: number[];
  /** The local port of each floor client on this account's INBOX. */
  floorPorts: Partial<Record<FloorKind, number>>;
}

export interface WireScene {
  imapPort: number;
  gatewayPort: number;
  /** Each round's window on the capture's clock (ms since the epoch): from its send to the next. */
  rounds: { fromMs: number; toMs: number }[];
  accounts: WireAccount[];
}

const EXISTS = Buffer.from(' EXISTS\r\n');
/** A socket.io EVENT packet's name as the frame carries it: `42["message:added",…`. */
const ADDED = Buffer.from(`["${Events.MessageAdded}"`);

export function wireTimes(segments: TcpSegment[], scene: WireScene) {
  const byDestination = new Map<number, TcpSegment[]>();
  for (const segment of segments) {
    const list = byDestination.get(segment.dstPort);
    if (list) list.push(segment);
    else byDestination.set(segment.dstPort, [segment]);
  }
  const first = (ports: number[], from: number, marker: Buffer, window: WireScene['rounds'][0]) => {
    let found: number | undefined;
    for (const port of ports) {
      for (const segment of byDestination.get(port) ?? []) {
        if (segment.atMs < window.fromMs || segment.atMs >= window.toMs) continue;
        if (segment.srcPort !== from || !segment.payload.includes(marker)) continue;
        if (found === undefined || segment.atMs < found) found = segment.atMs;
        break;
      }
    }
    return found;
  };

  const differenceMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  const floorToFloorMs: number[] = [];
  /** Dovecot's send of the EXISTS to the gateway − to the plain IDLE floor client. */
  const serverSpreadMs: number[] = [];
  const unmatched = { tab: 0, gatewayImap: 0, floor: 0 };
  /**
   * Every tab, by round: the gateway's send of `message:added` − Dovecot's send of the EXISTS
   * to it, and when that EXISTS went out (wire clock).
   */
  const gatewayByRound: GatewaySample[][] = [];

  for (const window of scene.rounds) {
    const round: GatewaySample[] = [];
    gatewayByRound.push(round);
    for (const account of scene.accounts) {
      const tabAt = first([account.tabPort], scene.gatewayPort, ADDED, window);
      const imapAt = first(account.gatewayImapPorts, scene.imapPort, EXISTS, window);
      if (tabAt === undefined) unmatched.tab++;
      if (imapAt === undefined) unmatched.gatewayImap++;
      if (tabAt !== undefined && imapAt !== undefined)
        round.push({ existsAtMs: imapAt, ms: tabAt - imapAt });
      const floorAt: Partial<Record<FloorKind, number>> = {};
      for (const [kind, port] of Object.entries(account.floorPorts) as [FloorKind, number][]) {
        const at = first([port], scene.imapPort, EXISTS, window);
        if (at === undefined) {
          unmatched.floor++;
          continue;
        }
        floorAt[kind] = at;
        if (tabAt !== undefined) differenceMs[kind].push(tabAt - at);
      }
      if (floorAt.idle !== undefined && floorAt.notify !== undefined)
        floorToFloorMs.push(floorAt.notify - floorAt.idle);
      if (floorAt.idle !== undefined && imapAt !== undefined)
        serverSpreadMs.push(imapAt - floorAt.idle);
    }
  }
  const gatewayMs = gatewayByRound.flat().map((sample) => sample.ms);
  return { gatewayMs, gatewayByRound, differenceMs, floorToFloorMs, serverSpreadMs, unmatched };
}

/** One tab's gatewayMs, and when Dovecot sent the EXISTS it answers (ms, wire clock). */
export interface GatewaySample {
  existsAtMs: number;
  ms: number;
}

/**
 * Where gatewayMs's tail sits. Per round: its p99, and how long Dovecot took to send the EXISTS
 * to every gateway connection (the burst). Over all rounds, the slowest 1% of tabs: how far into
 * their round's burst their EXISTS went out. A tail late in every burst is the gateway falling
 * behind the burst; one round's tail anywhere in it is a pause (a collection, a core taken away).
 */
export function gatewayTail(byRound: readonly GatewaySample[][]) {
  const placed: { intoBurstMs: number; ms: number }[] = [];
  const rounds = byRound
    .filter((round) => round.length > 0)
    .map((round) => {
      let first = Infinity;
      let last = -Infinity;
      for (const { existsAtMs } of round) {
        first = Math.min(first, existsAtMs);
        last = Math.max(last, existsAtMs);
      }
      for (const { existsAtMs, ms } of round) placed.push({ intoBurstMs: existsAtMs - first, ms });
      return { p99: summarize(round.map((s) => s.ms)).p99, burstMs: round2(last - first) };
    });
  if (!placed.length) return null;
  const slowest = placed.sort((a, b) => b.ms - a.ms).slice(0, Math.ceil(placed.length / 100));
  return { rounds, slowestIntoBurstMs: summarize(slowest.map((s) => s.intoBurstMs)) };
}
