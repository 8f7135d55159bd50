import { describe, expect, it } from 'vitest';
import { tcpSegments } from './pcap.ts';

interface Record {
  seconds: number;
  fraction: number;
  frame: Buffer;
  /** Bytes of the frame the capture kept (the snap length); all when unset. */
  keep?: number;
}

function pcap(records: Record[], { nano = false, littleEndian = true, linkType = 1 } = {}) {
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    if (littleEndian) b.writeUInt32LE(value);
    else b.writeUInt32BE(value);
    return b;
  };
  const u16 = (value: number) => {
    const b = Buffer.alloc(2);
    if (littleEndian) b.writeUInt16LE(value);
    else b.writeUInt16BE(value);
    return b;
  };
  const parts: Buffer[] = [
    u32(nano ? 0xa1b23c4d : 0xa1b2c3d4),
    u16(2),
    u16(4),
    u32(0),
    u32(0),
    u32(65535),
    u32(linkType),
  ];
  for (const { seconds, fraction, frame, keep } of records) {
    const kept = frame.subarray(0, keep ?? frame.length);
    parts.push(u32(seconds), u32(fraction), u32(kept.length), u32(frame.length), kept);
  }
  return Buffer.concat(parts);
}

function tcpHeader(src: number, dst: number, options = 12): Buffer {
  const tcp = Buffer.alloc(20 + options);
  tcp.writeUInt16BE(src, 0);
  tcp.writeUInt16BE(dst, 2);
  tcp[12] = ((20 + options) / 4) << 4;
  return tcp;
}

function ipv4(src: number, dst: number, payload: string, protocol = 6): Buffer {
  const tcp = tcpHeader(src, dst);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + tcp.length + Buffer.byteLength(payload), 2);
  ip[9] = protocol;
  return Buffer.concat([ip, tcp, Buffer.from(payload)]);
}

function ipv6(src: number, dst: number, payload: string): Buffer {
  const tcp = tcpHeader(src, dst, 0);
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip.writeUInt16BE(tcp.length + Buffer.byteLength(payload), 4);
  ip[6] = 6;
  return Buffer.concat([ip, tcp, Buffer.from(payload)]);
}

function ethernet(ip: Buffer, etherType = ip[0]! >> 4 === 6 ? 0x86dd : 0x0800): Buffer {
  const header = Buffer.alloc(14);
  header.writeUInt16BE(etherType, 12);
  return Buffer.concat([header, ip]);
}

describe('tcpSegments', () => {
  it('reads ports, payload and a microsecond time; skips segments without payload', () => {
    const segments = tcpSegments(
      pcap([
        {
          seconds: 1_800_000_000,
          fraction: 250_500,
          frame: ethernet(ipv4(143, 50000, '* 3 EXISTS\r\n')),
        },
        { seconds: 1_800_000_000, fraction: 260_000, frame: ethernet(ipv4(50000, 143, '')) },
        {
          seconds: 1_800_000_001,
          fraction: 1,
          frame: ethernet(ipv6(8080, 40000, '42["message:added"')),
        },
      ]),
    );
    expect(segments).toHaveLength(2);
    expect(segments[0]).toMatchObject({ srcPort: 143, dstPort: 50000 });
    expect(segments[0]!.atMs).toBeCloseTo(1_800_000_000_250.5, 3);
    expect(segments[0]!.payload.toString()).toBe('* 3 EXISTS\r\n');
    expect(segments[1]).toMatchObject({ srcPort: 8080, dstPort: 40000 });
    expect(segments[1]!.atMs).toBeCloseTo(1_800_000_001_000.001, 3);
    expect(segments[1]!.payload.toString()).toBe('42["message:added"');
  });

  it('reads nanosecond times in big-endian files and raw-IP captures', () => {
    const segments = tcpSegments(
      pcap([{ seconds: 10, fraction: 123_456_789, frame: ipv4(1, 2, 'x') }], {
        nano: true,
        littleEndian: false,
        linkType: 101,
      }),
    );
    expect(segments).toHaveLength(1);
    expect(segments[0]!.atMs).toBeCloseTo(10_123.456789, 6);
  });

  it('keeps what the snap length kept, ignores other protocols, and stops at a cut record', () => {
    const file = pcap([
      { seconds: 1, fraction: 0, frame: ethernet(ipv4(1, 2, 'abcdefgh')), keep: 14 + 20 + 32 + 3 },
      { seconds: 2, fraction: 0, frame: ethernet(ipv4(1, 2, 'udp', 17)) },
      { seconds: 3, fraction: 0, frame: ethernet(ipv4(1, 2, 'arp'), 0x0806) },
      { seconds: 4, fraction: 0, frame: ethernet(ipv4(3, 4, 'whole')) },
    ]);
    const cut = Buffer.concat([
      file,
      pcap([{ seconds: 5, fraction: 0, frame: ethernet(ipv4(5, 6, 'lost')) }]).subarray(24, 40),
    ]);
    const segments = tcpSegments(cut);
    expect(segments.map((s) => s.payload.toString())).toEqual(['abc', 'whole']);
  });

  it('refuses a file that is not a pcap capture', () => {
    expect(() => tcpSegments(Buffer.from('not a capture at all, no'))).toThrow(/magic/);
    expect(() => tcpSegments(pcap([], { linkType: 113 }))).toThrow(/link type 113/);
  });
});
