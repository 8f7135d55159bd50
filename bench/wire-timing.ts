/**
 * The fan-out's way, timed on the loopback wire (wire-capture.ts) instead of by the processes
 * that read it: for each delivery round and account, when Dovecot sent the EXISTS to the
 * gateway's IMAP connection and to each floor client, and when the gateway sent the tab its
 * `message:added`. No event loop of the bench is in any of these times.
 */
import { Events } from '@tidings/protocol';
import type { FloorKind } from './floor-clients.ts';
import type { TcpSegment } from './pcap.ts';

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

  /** Every tab: the gateway's send of `message:added` − Dovecot's send of the EXISTS to it. */
  const gatewayMs: number[] = [];
  const differenceMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  const floorToFloorMs: number[] = [];
  /** Dovecot's send of the EXISTS to the gateway − to the plain IDLE floor client. */
  const serverSpreadMs: number[] = [];
  const unmatched = { tab: 0, gatewayImap: 0, floor: 0 };

  for (const window of scene.rounds) {
    for (const account of scene.accounts) {
      const tabAt = first([account.tabPort], scene.gatewayPort, ADDED, window);
      const imapAt = first(account.gatewayImapPorts, scene.imapPort, EXISTS, window);
      if (tabAt === undefined) unmatched.tab++;
      if (imapAt === undefined) unmatched.gatewayImap++;
      if (tabAt !== undefined && imapAt !== undefined) gatewayMs.push(tabAt - imapAt);
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
  return { gatewayMs, differenceMs, floorToFloorMs, serverSpreadMs, unmatched };
}
