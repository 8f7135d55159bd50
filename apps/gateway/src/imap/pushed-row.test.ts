import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { describe, expect, it } from 'vitest';
import { MAX_ROW_ADDRESSES } from '@tidings/protocol';
import { toMessageSummary } from './envelope.ts';
import { parsePreviewResponse } from './preview.ts';
import { readPushedRow } from './pushed-row.ts';

type Untagged = { command: string; attributes: unknown[] };

const parse = async (line: string) => (await parser(line)) as Untagged;

/** The row as imapflow's formatMessageResponse reads it (what notify.ts did before). */
async function viaImapflow(line: string) {
  const untagged = await parse(line);
  const mailbox = { path: 'INBOX', uidValidity: 7n, uidNext: 1 };
  const message = await formatMessageResponse(
    untagged as Parameters<typeof formatMessageResponse>[0],
    mailbox as unknown as Parameters<typeof formatMessageResponse>[1],
  );
  const summary = toMessageSummary(message);
  const preview = parsePreviewResponse(untagged.attributes);
  if (preview?.preview) summary.preview = preview.preview;
  return summary;
}

const addresses = (count: number) =>
  Array.from({ length: count }, (_, i) => `("Person ${i}" NIL "p${i}" "example.test")`).join('');

const ROWS = {
  'encoded words, a preview over two lines':
    String.raw`* 3 FETCH (UID 12 FLAGS (\Seen $Label1) RFC822.SIZE 2048 INTERNALDATE "06-Dec-2026 01:16:00 +0000" PREVIEW "Lunch  at` +
    '\r\n' +
    String.raw` noon?" ENVELOPE ("Sun, 06 Dec 2026 01:16:00 +0000" "=?UTF-8?Q?Caf=C3=A9?=" (("Ann Smith" NIL "ann" "example.test")) NIL NIL ((NIL NIL "bob" "example.test")) NIL NIL NIL "<1@x>"))`,
  'every envelope field NIL, no preview': String.raw`* 4 FETCH (UID 13 FLAGS () RFC822.SIZE 10 INTERNALDATE "06-Dec-2026 02:00:00 +0100" ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))`,
  'quoted specials, \\Recent, a group, more addresses than a row shows': String.raw`* 5 FETCH (ENVELOPE ("not a date" "say \"hi\" \\ back" (("=?ISO-8859-1?Q?Andr=E9?=" NIL "andre" "example.test")) NIL NIL ((NIL NIL "team" NIL)${addresses(MAX_ROW_ADDRESSES + 5)}(NIL NIL NIL NIL)) NIL NIL NIL NIL) UID 14 FLAGS (\Recent \Flagged) RFC822.SIZE 99999 INTERNALDATE "garbage")`,
  'a thousand addresses in From, To and Cc': String.raw`* 7 FETCH (UID 16 FLAGS () ENVELOPE ("Mon, 07 Dec 2026 09:00:00 +0000" "all" (${addresses(1000)}) NIL NIL (${addresses(1000)}) (${addresses(1000)}) NIL NIL NIL))`,
  'a long To whose first entries are mostly group ends': String.raw`* 8 FETCH (UID 17 FLAGS () ENVELOPE (NIL "s" ((NIL NIL "a" "b")) NIL NIL (${'(NIL NIL NIL NIL)'.repeat(2 * MAX_ROW_ADDRESSES - 2)}${addresses(MAX_ROW_ADDRESSES + 10)}) NIL NIL NIL NIL))`,
  'lower-case item names, an empty preview': String.raw`* 6 FETCH (uid 15 flags (\Answered) envelope ("Mon, 07 Dec 2026 09:00:00 -0500" "" NIL NIL NIL NIL NIL NIL NIL NIL) rfc822.size 0 internaldate "07-Dec-2026 09:00:00 -0500" preview "")`,
};

describe('readPushedRow', () => {
  for (const [name, line] of Object.entries(ROWS)) {
    it(`reads the row imapflow's formatMessageResponse reads: ${name}`, async () => {
      const expected = await viaImapflow(line);
      expect(readPushedRow((await parse(line)).attributes)).toEqual(expected);
    });
  }

  it('is not a row without an ENVELOPE or a usable UID', async () => {
    expect(
      readPushedRow((await parse(String.raw`* 2 FETCH (UID 9 FLAGS (\Seen))`)).attributes),
    ).toBeNull();
    const noUid = String.raw`* 2 FETCH (UID 99999999999 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))`;
    expect(readPushedRow((await parse(noUid)).attributes)).toBeNull();
    expect(readPushedRow([])).toBeNull();
    expect(readPushedRow([{ type: 'ATOM', value: 'FETCH' }, 'junk'])).toBeNull();
  });

  it("keeps the mailbox's next UID past the row's, as imapflow does", async () => {
    const mailbox = { uidNext: 10 };
    readPushedRow((await parse(ROWS['every envelope field NIL, no preview'])).attributes, mailbox);
    expect(mailbox.uidNext).toBe(14);
    readPushedRow((await parse(ROWS['every envelope field NIL, no preview'])).attributes, mailbox);
    expect(mailbox.uidNext).toBe(14);
  });
});
