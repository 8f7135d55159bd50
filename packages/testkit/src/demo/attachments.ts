import { deflateSync } from 'node:zlib';
import type { MessageAttachment } from '../build-message.ts';
import { between, type Rng } from '../rng.ts';

/** A one-page PDF showing `lines` of text; valid enough for any viewer. */
export function pdfAttachment(filename: string, title: string, lines: string[]): MessageAttachment {
  const escape = (text: string) =>
    text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const textOps = [title, '', ...lines]
    .map(
      (line, index) =>
        `BT /F1 ${index === 0 ? 16 : 11} Tf 56 ${770 - index * 18} Td (${escape(line)}) Tj ET`,
    )
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(textOps, 'latin1')} >>\nstream\n${textOps}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return { filename, contentType: 'application/pdf', content: Buffer.from(body, 'latin1') };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A small RGB PNG: a soft two-colour gradient with a few random blobs, like a thumbnail. */
export function pngAttachment(rng: Rng, filename: string): MessageAttachment {
  const width = 96;
  const height = 64;
  const from = [between(rng, 40, 200), between(rng, 40, 200), between(rng, 40, 200)];
  const to = [between(rng, 40, 255), between(rng, 40, 255), between(rng, 40, 255)];
  const blobs = Array.from({ length: 3 }, () => ({
    x: between(rng, 0, width),
    y: between(rng, 0, height),
    r: between(rng, 6, 18),
  }));
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0: none
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      const lit = blobs.some((b) => (x - b.x) ** 2 + (y - b.y) ** 2 < b.r ** 2);
      for (let channel = 0; channel < 3; channel++) {
        const base = (from[channel] as number) * (1 - t) + (to[channel] as number) * t;
        row[1 + x * 3 + channel] = Math.min(255, Math.round(lit ? base + 50 : base));
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, no interlace
  const content = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { filename, contentType: 'image/png', content };
}

export function csvAttachment(
  filename: string,
  header: string[],
  rows: string[][],
): MessageAttachment {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const content = [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
  return { filename, contentType: 'text/csv', content };
}

function icsDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function icsAttachment(event: {
  uid: string;
  summary: string;
  start: Date;
  minutes: number;
  organizer: string;
  attendee: string;
  location: string;
  /** An RRULE value (RFC 5545 §3.3.10) for a series; none for a single event. */
  rrule?: string;
}): MessageAttachment {
  const end = new Date(event.start.getTime() + event.minutes * 60_000);
  const content = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tidings//Demo//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${icsDate(event.start)}`,
    `DTSTART:${icsDate(event.start)}`,
    `DTEND:${icsDate(end)}`,
    ...(event.rrule ? [`RRULE:${event.rrule}`] : []),
    `SUMMARY:${event.summary}`,
    `LOCATION:${event.location}`,
    `ORGANIZER:mailto:${event.organizer}`,
    `ATTENDEE;RSVP=TRUE:mailto:${event.attendee}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  return { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST', content };
}
