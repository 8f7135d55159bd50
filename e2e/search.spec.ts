import type { Page } from '@playwright/test';
import { buildMessage, type MailClient, type MailUser } from '@tidings/testkit';
import { Events } from '@tidings/protocol';
import type { SearchObject } from 'imapflow';
import { expect, messages, signInThroughUi, test } from './support/fixtures.ts';
import { reader } from './support/reader.ts';

interface Seed {
  from: string;
  subject: string;
  day: number;
  flags?: string[];
  attachment?: boolean;
}

const SEEDS: Seed[] = [
  { from: 'Ada <ada@example.test>', subject: 'Engine notes', day: 1, flags: ['\\Seen'] },
  { from: 'Bob <bob@example.test>', subject: 'Lunch on Friday', day: 2 },
  { from: 'Ada <ada@example.test>', subject: 'Mill design', day: 3, flags: ['\\Flagged'] },
  { from: 'Carol <carol@example.test>', subject: 'Quarterly report', day: 4, attachment: true },
  { from: 'Bob <bob@example.test>', subject: 'Re: Engine notes', day: 5, flags: ['\\Seen'] },
  { from: 'Ada <ada@example.test>', subject: 'Store capacity', day: 6, flags: ['\\Seen'] },
];

async function seed(other: MailClient, user: MailUser, item: Seed): Promise<number> {
  const date = new Date(Date.UTC(2026, 0, item.day, 12));
  const raw = await buildMessage({
    from: item.from,
    to: [user.email],
    subject: item.subject,
    text: `About ${item.subject.toLowerCase()}.`,
    date,
    ...(item.attachment && {
      attachments: [
        { filename: 'report.csv', contentType: 'text/csv', content: Buffer.from('a,b\n1,2\n') },
      ],
    }),
  });
  // The internal date is what IMAP SINCE/BEFORE compare.
  return (await other.append('INBOX', raw, item.flags ?? [], date)).uid;
}

/** What the server finds, asked by another IMAP client. */
async function serverSearch(other: MailClient, query: SearchObject): Promise<number[]> {
  const lock = await other.imap.getMailboxLock('INBOX');
  try {
    const found = await other.imap.search(query, { uid: true });
    return [...(found || [])].sort((a, b) => b - a);
  } finally {
    lock.release();
  }
}

async function shownUids(page: Page): Promise<number[]> {
  return messages(page)
    .locator('[role="row"][data-uid]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-uid'))));
}

async function search(page: Page, text: string) {
  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('search', () => {
  test('results are what the server finds, for each operator', async ({
    page,
    stack,
    user,
    other,
  }) => {
    for (const item of SEEDS) await seed(other, user, item);
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', String(SEEDS.length));

    const cases: [string, SearchObject][] = [
      ['from:ada', { from: 'ada' }],
      ['engine', { text: 'engine' }],
      ['subject:"engine notes"', { subject: 'engine notes' }],
      ['is:unread', { seen: false }],
      ['from:ada is:flagged', { from: 'ada', flagged: true }],
      ['has:attachment', { header: { 'Content-Type': 'multipart/mixed' } }],
      ['after:2026-01-03 before:2026-01-05', { since: '2026-01-03', before: '2026-01-06' }],
    ];
    for (const [text, query] of cases) {
      const expected = await serverSearch(other, query);
      expect(expected.length, `${text} finds something`).toBeGreaterThan(0);
      await search(page, text);
      await expect(messages(page)).toHaveAttribute('aria-rowcount', String(expected.length));
      await expect.poll(() => shownUids(page), { message: text }).toEqual(expected);
    }

    // Nothing matches: the list says so.
    await search(page, 'from:nobody-at-all');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '0');
    await expect(page.getByText('No messages match “from:nobody-at-all”')).toBeVisible();

    // A query that cannot be understood is named, and not run.
    await search(page, 'before:2026-02-30');
    await expect(page.getByRole('alert')).toContainText('needs a date written as YYYY-MM-DD');
  });

  test('results grow when matching mail arrives; Escape returns to the folder and closes the search', async ({
    page,
    stack,
    user,
    other,
  }) => {
    for (const item of SEEDS) await seed(other, user, item);
    const closed: string[] = [];
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        if (typeof payload === 'string' && payload.includes(`"${Events.SearchClose}"`))
          closed.push(payload);
      });
    });
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', String(SEEDS.length));

    await search(page, 'subject:quarterly');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');

    // New mail: a match appears in the results, a non-match does not.
    const miss = await seed(other, user, {
      from: 'Dan <dan@example.test>',
      subject: 'Picnic',
      day: 7,
    });
    const hit = await seed(other, user, {
      from: 'Eve <eve@example.test>',
      subject: 'Quarterly numbers, revised',
      day: 8,
    });
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await expect
      .poll(() => shownUids(page))
      .toEqual(await serverSearch(other, { subject: 'quarterly' }));
    expect(await shownUids(page)).toContain(hit);
    expect(await shownUids(page)).not.toContain(miss);

    // Acting on a result works as in the folder.
    await messages(page).locator(`[role="row"][data-uid="${hit}"]`).click();
    await page
      .getByRole('region', { name: 'Message' })
      .getByRole('button', { name: 'Flag', exact: true })
      .click();
    await expect.poll(async () => (await other.flags('INBOX')).get(hit)).toContain('\\Flagged');

    // Escape in the box: back to the folder, and the server is told to stop.
    const box = page.getByRole('searchbox', { name: 'Search mail' });
    await box.focus();
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', String(SEEDS.length + 2));
    await expect.poll(() => closed.length).toBeGreaterThan(0);
  });

  test('all folders: one search over every folder but Trash and Junk; a match opens where it is', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const put = async (mailbox: string, subject: string, day: number) => {
      const date = new Date(Date.UTC(2026, 0, day, 12));
      const raw = await buildMessage({
        from: 'Ada <ada@example.test>',
        to: [user.email],
        subject,
        text: `About ${subject}.`,
        date,
      });
      return (await other.append(mailbox, raw, ['\\Seen'], date)).uid;
    };
    await put('INBOX', 'Engine notes', 5);
    const archived = await put('Archive', 'Engine drawings', 3);
    await other.createMailbox('Clients');
    await other.createMailbox('Clients/Acme');
    await put('Clients/Acme', 'Engine invoice', 4);
    await put('Sent', 'Re: Engine notes', 6);
    await put('Trash', 'Engine scrap', 7);
    await put('INBOX', 'Lunch', 8);
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');

    await search(page, 'engine');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await page.getByRole('button', { name: 'Search all folders' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search in all folders');
    const matches = page.getByRole('list', { name: 'Matches in all folders' }).getByRole('button');
    await expect(matches).toHaveText([
      /Re: Engine notes.*Sent/,
      /Engine notes.*Inbox/,
      // A nested folder is named with its parents, as the folder list nests it.
      /Engine invoice.*Clients \/ Acme/,
      /Engine drawings.*Archive/,
    ]);
    await expect(page.getByRole('status').filter({ hasText: '4 matches' })).toBeVisible();
    // As in the folder itself, a row from Sent names whom it went to.
    await expect(matches.first()).toContainText(`To: ${user.email}`);

    // Live: a match filed elsewhere (another device, a server filter) joins the list; one
    // deleted there leaves it.
    await put('Clients/Acme', 'Engine quote', 9);
    await expect(matches.first()).toHaveText(/Engine quote.*Clients \/ Acme/);
    await expect(page.getByRole('status').filter({ hasText: '5 matches' })).toBeVisible();
    const [quote] = await other.uids('Clients/Acme').then((uids) => uids.slice(-1));
    await other.expunge('Clients/Acme', [quote!]);
    await expect(matches).toHaveCount(4);
    await expect(matches.first()).toHaveText(/Re: Engine notes.*Sent/);

    // Back to this folder's matches, and out again.
    await page.getByRole('button', { name: 'Only in Inbox' }).click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await page.getByRole('button', { name: 'Search all folders' }).click();

    // The archived one opens in Archive, in the reader.
    await matches.filter({ hasText: 'Engine drawings' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Archive');
    await expect(reader(page).getByRole('heading', { name: 'Engine drawings' })).toBeVisible();
    await expect(reader(page).locator(`article[data-uid="${archived}"]`)).toBeVisible();
  });
});
