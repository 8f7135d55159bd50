/**
 * Reads the TCP segments of a pcap file as tcpdump writes it for the loopback interface
 * (`tcpdump -i lo -w`): link type Ethernet (Linux gives `lo` a zero MAC header) or raw IP,
 * IPv4 and IPv6, microsecond or nanosecond timestamps, either byte order. Segments without
 * payload are skipped; a payload is what the capture kept of it (the snap length).
 */

export interface TcpSegment {
  /** The kernel's capture time, in ms since the epoch (CLOCK_REALTIME), sub-ms kept. */
  atMs: number;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const PROTOCOL_TCP = 6;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export function tcpSegments(file: Buffer): TcpSegment[] {
  if (file.length < GLOBAL_HEADER) throw new Error('not a pcap file: too short');
  let littleEndian: boolean;
  let nano: boolean;
  if (file.readUInt32LE(0) === MAGIC_MICRO || file.readUInt32LE(0) === MAGIC_NANO) {
    littleEndian = true;
    nano = file.readUInt32LE(0) === MAGIC_NANO;
  } else if (file.readUInt32BE(0) === MAGIC_MICRO || file.readUInt32BE(0) === MAGIC_NANO) {
    littleEndian = false;
    nano = file.readUInt32BE(0) === MAGIC_NANO;
  } else {
    throw new Error('not a pcap file: unknown magic number');
  }
  const u32 = (at: number) => (littleEndian ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const linkType = u32(20) & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET && linkType !== LINKTYPE_RAW)
    throw new Error(`pcap link type ${linkType} is not Ethernet or raw IP`);

  const segments: TcpSegment[] = [];
  let at = GLOBAL_HEADER;
  while (at + RECORD_HEADER <= file.length) {
    const seconds = u32(at);
    const fraction = u32(at + 4);
    const captured = u32(at + 8);
    const start = at + RECORD_HEADER;
    at = start + captured;
    if (at > file.length) break; // the last record was cut short (capture stopped mid-write)
    const atMs = seconds * 1000 + (nano ? fraction / 1e6 : fraction / 1e3);
    const segment = tcpIn(file.subarray(start, at), linkType === LINKTYPE_ETHERNET);
    if (segment && segment.payload.length > 0) segments.push({ atMs, ...segment });
  }
  return segments;
}

function tcpIn(frame: Buffer, ethernet: boolean): Omit<TcpSegment, 'atMs'> | null {
  let ip = 0;
  if (ethernet) {
    if (frame.length < 14) return null;
    const etherType = frame.readUInt16BE(12);
    if (etherType !== ETHERTYPE_IPV4 && etherType !== ETHERTYPE_IPV6) return null;
    ip = 14;
  }
  if (frame.length < ip + 1) return null;
  const version = frame[ip]! >> 4;
  let tcp: number;
  let ipEnd: number;
  if (version === 4) {
    if (frame.length < ip + 20 || frame[ip + 9] !== PROTOCOL_TCP) return null;
    tcp = ip + (frame[ip]! & 0x0f) * 4;
    ipEnd = ip + frame.readUInt16BE(ip + 2);
  } else if (version === 6) {
    // No extension headers between IPv6 and TCP on loopback.
    if (frame.length < ip + 40 || frame[ip + 6] !== PROTOCOL_TCP) return null;
    tcp = ip + 40;
    ipEnd = tcp + frame.readUInt16BE(ip + 4);
  } else {
    return null;
  }
  if (frame.length < tcp + 20) return null;
  const payloadStart = tcp + (frame[tcp + 12]! >> 4) * 4;
  return {
    srcPort: frame.readUInt16BE(tcp),
    dstPort: frame.readUInt16BE(tcp + 2),
    // The IP length says where the segment ends; a snapped capture keeps less.
    payload: frame.subarray(Math.min(payloadStart, frame.length), Math.min(ipEnd, frame.length)),
  };
}
