import { describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { createRng } from './rng.ts';
import { randomMessage, replyMessage } from './random-message.ts';

const TO = 'demo@example.test';
const DATE = new Date('2025-06-01T09:30:00Z');

describe('createRng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
    for (const value of first) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of first) expect(value).toBeLessThan(1);
  });
});

describe('randomMessage', () => {
  it('is reproducible from the seed, down to the built bytes', async () => {
    const one = randomMessage(createRng(7), { to: TO, date: DATE });
    const two = randomMessage(createRng(7), { to: TO, date: DATE });
    expect(two).toEqual(one);
    expect((await buildMessage(two)).equals(await buildMessage(one))).toBe(true);
  });

  it('gives newsletters list fields whose unsubscribe requests go to the reader’s domain', async () => {
    const rng = createRng(3);
    const specs = Array.from({ length: 200 }, () => randomMessage(rng, { to: TO, date: DATE }));
    const lists = specs.filter((spec) => spec.headers?.['List-Unsubscribe']);
    expect(lists.length).toBeGreaterThan(5);
    expect(lists.length).toBeLessThan(specs.length / 2);
    for (const spec of lists) {
      expect(spec.headers?.['List-Id']).toMatch(/^"[^"]+" <[a-z0-9.-]+>$/);
      expect(spec.headers?.['List-Unsubscribe']).toMatch(
        /^<mailto:lists@example\.test\?subject=unsubscribe%20[a-z0-9.-]+>, <https:\/\/[a-z0-9.-]+\/unsubscribe>$/,
      );
    }
    const raw = (await buildMessage(lists[0]!)).toString();
    expect(raw).toMatch(/^List-Unsubscribe: <mailto:lists@example\.test/m);
    // Field names are case-insensitive (nodemailer writes List-ID); the phrase stays unencoded.
    expect(raw).toMatch(/^List-Id: "[^"]+" <[a-z0-9.-]+>\r$/im);
  });

  it('varies senders and subjects, with about 20% HTML and 10% attachments', () => {
    const rng = createRng(1);
    const specs = Array.from({ length: 2_000 }, () => randomMessage(rng, { to: TO, date: DATE }));
    const share = (count: number) => count / specs.length;

    expect(new Set(specs.map((spec) => spec.from)).size).toBeGreaterThan(30);
    expect(new Set(specs.map((spec) => spec.subject)).size).toBeGreaterThan(200);
    expect(share(specs.filter((spec) => spec.html).length)).toBeGreaterThan(0.15);
    expect(share(specs.filter((spec) => spec.html).length)).toBeLessThan(0.27);
    expect(share(specs.filter((spec) => spec.attachments?.length).length)).toBeGreaterThan(0.06);
    expect(share(specs.filter((spec) => spec.attachments?.length).length)).toBeLessThan(0.15);
    for (const spec of specs) {
      expect(spec.to).toEqual([expect.stringContaining(TO)]);
      expect(spec.text?.length).toBeGreaterThan(20);
      expect(spec.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
    }
  });

  it('attaches real PDF, PNG, CSV and calendar files', () => {
    const rng = createRng(3);
    const attachments = Array.from({ length: 1_500 }, () =>
      randomMessage(rng, { to: TO, date: DATE }),
    ).flatMap((spec) => spec.attachments ?? []);
    const byType = new Map(
      attachments.map((attachment) => [attachment.contentType.split(';')[0], attachment]),
    );

    const pdf = byType.get('application/pdf')?.content as Buffer;
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1')).toMatch(/%%EOF\n$/);
    const png = byType.get('image/png')?.content as Buffer;
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(String(byType.get('text/csv')?.content)).toMatch(/^week,signups/);
    expect(String(byType.get('text/calendar')?.content)).toMatch(
      /BEGIN:VEVENT[\s\S]*END:VCALENDAR/,
    );
    // Some meetings come as a series, on the first one's weekday.
    const calendars = attachments
      .filter((attachment) => attachment.contentType.startsWith('text/calendar'))
      .map((attachment) => String(attachment.content));
    const series = calendars.filter((ics) => ics.includes('RRULE:'));
    expect(series.length).toBeGreaterThan(0);
    expect(series.length).toBeLessThan(calendars.length);
    for (const ics of series) {
      const start = /DTSTART:(\d{4})(\d{2})(\d{2})T/.exec(ics)!;
      const weekday = new Date(Date.UTC(+start[1]!, +start[2]! - 1, +start[3]!)).getUTCDay();
      expect(ics).toMatch(
        new RegExp(
          `RRULE:FREQ=WEEKLY;.*BYDAY=${['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][weekday]}\r\n`,
        ),
      );
    }
  });

  it('builds replies that thread: Re:, In-Reply-To, References', async () => {
    const rng = createRng(5);
    const original = randomMessage(rng, { to: TO, date: DATE });
    const reply = replyMessage(rng, original, {
      from: { name: 'Demo', email: TO },
      date: new Date(DATE.getTime() + 3_600_000),
    });
    const second = replyMessage(rng, reply, {
      from: { name: 'Other', email: 'o@x.example' },
      date: DATE,
    });

    expect(reply.subject).toBe(`Re: ${original.subject}`);
    expect(second.subject).toBe(reply.subject);
    expect(reply.inReplyTo).toBe(original.messageId);
    expect(second.references).toEqual([original.messageId, reply.messageId]);

    // Unfold long header lines (RFC 5322 section 2.2.3) before looking for them.
    const raw = (await buildMessage(second)).toString().replace(/\r\n[ \t]+/g, ' ');
    expect(raw).toContain(`In-Reply-To: ${reply.messageId}`);
    expect(raw).toContain(`References: ${original.messageId} ${reply.messageId}`);
  });
});
