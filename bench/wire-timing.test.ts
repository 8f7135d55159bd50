import { describe, expect, it } from 'vitest';
import type { TcpSegment } from './pcap.ts';
import { gatewayTail, wireTimes, type WireScene } from './wire-timing.ts';

const IMAP = 10143;
const GATEWAY = 8080;
const seg = (atMs: number, srcPort: number, dstPort: number, text: string): TcpSegment => ({
  atMs,
  srcPort,
  dstPort,
  payload: Buffer.from(text),
});
const added = '\x81\x7e\x01\x0042["message:added",{"mailbox":"INBOX"}]';

const scene: WireScene = {
  imapPort: IMAP,
  gatewayPort: GATEWAY,
  rounds: [
    { fromMs: 1000, toMs: 3000 },
    { fromMs: 3000, toMs: 5000 },
  ],
  accounts: [
    {
      email: 'a@x',
      tabPort: 50001,
      gatewayImapPorts: [40001, 40002],
      floorPorts: { idle: 30001, notify: 30002 },
    },
    { email: 'b@x', tabPort: 50002, gatewayImapPorts: [40003, 40004], floorPorts: {} },
  ],
};

describe('wireTimes', () => {
  it("pairs each round's first EXISTS and message:added per account, on the wire's clock", () => {
    const segments = [
      // a heartbeat and a stale EXISTS before the first round: not part of it
      seg(900, IMAP, 40001, '* 4 EXISTS\r\n'),
      seg(1100, GATEWAY, 50001, '\x81\x012'),
      // round 1, account a: floors at 1500 (idle) and 1520 (notify), the gateway's EXISTS at
      // 1530 on its second connection, then its row; the tab frame follows at 1534
      seg(1500, IMAP, 30001, '* 5 EXISTS\r\n* 1 RECENT\r\n'),
      seg(1520, IMAP, 30002, '* 5 EXISTS\r\n* 5 FETCH (UID 9)\r\n'),
      seg(1530, IMAP, 40002, '* 5 EXISTS\r\n'),
      seg(1531, IMAP, 40001, '* 5 EXISTS\r\n'),
      seg(1534, GATEWAY, 50001, added),
      seg(1540, GATEWAY, 50001, added),
      // round 1, account b
      seg(1600, IMAP, 40003, '* 2 EXISTS\r\n'),
      seg(1610, GATEWAY, 50002, added),
      // round 2, account a: its tab never hears; bytes from another source port do not count
      seg(3500, IMAP, 30001, '* 6 EXISTS\r\n'),
      seg(3510, IMAP, 30002, '* 6 EXISTS\r\n'),
      seg(3520, IMAP, 40001, '* 6 EXISTS\r\n'),
      seg(3525, 9999, 50001, added),
      // round 2, account b
      seg(3600, IMAP, 40004, '* 3 EXISTS\r\n'),
      seg(3700, GATEWAY, 50002, added),
    ];
    const times = wireTimes(segments, scene);
    expect(times.gatewayMs).toEqual([4, 10, 100]);
    expect(times.gatewayByRound).toEqual([
      [
        { existsAtMs: 1530, ms: 4 },
        { existsAtMs: 1600, ms: 10 },
      ],
      [{ existsAtMs: 3600, ms: 100 }],
    ]);
    expect(times.differenceMs.idle).toEqual([34]);
    expect(times.differenceMs.notify).toEqual([14]);
    expect(times.floorToFloorMs).toEqual([20, 10]);
    expect(times.serverSpreadMs).toEqual([30, 20]);
    expect(times.unmatched).toEqual({ tab: 1, gatewayImap: 0, floor: 0 });
  });

  it('counts what never came as unmatched, not as a time', () => {
    const times = wireTimes([seg(1610, GATEWAY, 50002, added)], scene);
    expect(times.gatewayMs).toEqual([]);
    expect(times.unmatched).toEqual({ tab: 3, gatewayImap: 4, floor: 4 });
  });
});

describe('gatewayTail', () => {
  const round = (samples: [number, number][]) =>
    samples.map(([existsAtMs, ms]) => ({ existsAtMs, ms }));

  it("gives each round's p99 and burst, and where in its burst the slowest 1% sat", () => {
    // 200 tabs over two rounds: the two slowest (1%) at 900 and 700 ms into their bursts
    const first = round(Array.from({ length: 100 }, (_, i) => [1000 + i * 10, i === 90 ? 80 : 5]));
    const second = round(Array.from({ length: 100 }, (_, i) => [5000 + i * 5, i === 70 ? 60 : 2]));
    const tail = gatewayTail([first, second]);
    expect(tail?.rounds).toEqual([
      { p99: 5, burstMs: 990 },
      { p99: 2, burstMs: 495 },
    ]);
    expect(tail?.slowestIntoBurstMs).toMatchObject({ n: 2, min: 350, max: 900 });
  });

  it('leaves out rounds no tab was timed in, and is null without any', () => {
    expect(gatewayTail([[], round([[10, 3]])])?.rounds).toEqual([{ p99: 3, burstMs: 0 }]);
    expect(gatewayTail([[], []])).toBeNull();
  });
});
