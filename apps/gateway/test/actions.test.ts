import { describe, expect, it } from 'vitest';
import { ErrorCode, Events, UNDO_WINDOW_MS } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

const world = fileWorld();
let counter = 0;

async function account(subjects: string[]) {
  const user: MailUser = { email: `act${++counter}@example.test`, password: `act-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const uids: number[] = [];
  for (const subject of subjects) {
    const raw = await buildMessage({
      from: 'Fay <fay@example.test>',
      to: [user.email],
      subject,
      text: `About ${subject}`,
    });
    uids.push((await other.append('INBOX', raw)).uid);
  }
  const { socket, events, window } = await inboxTab(world, user);
  return { user, other, socket, events, uids, uidValidity: window.uidValidity };
}

describe('actions, checked by another IMAP client', () => {
  it('archive moves to the special-use Archive and undo brings it back', async () => {
    const { other, socket, events, uids, uidValidity } = await account(['keep me']);
    const result = unwrap(
      await request(socket, Events.MessageArchive, { mailbox: 'INBOX', uidValidity, uids }),
    );
    expect(result).toMatchObject({ moved: 1, destination: 'Archive' });
    expect(result.undo).toEqual(expect.any(String));
    await events.next(Events.MessageExpunged, (e) => e.removed.some((r) => r.uid === uids[0]));
    expect(await other.uids('INBOX')).toEqual([]);
    expect(await other.uids('Archive')).toHaveLength(1);

    const undone = unwrap(await request(socket, Events.ActionUndo, { token: result.undo! }));
    expect(undone.restored).toBe(1);
    const back = await events.next(Events.MessageAdded, (e) =>
      e.messages.some((m) => m.subject === 'keep me'),
    );
    expect(back.mailbox).toBe('INBOX');
    // Shown again, but not new mail: a hidden tab does not announce it.
    expect(back.restored).toEqual(back.messages.map((m) => m.uid));
    expect(await other.uids('Archive')).toEqual([]);
    expect(await other.uids('INBOX')).toHaveLength(1);
    // An undo token works once.
    expect(await request(socket, Events.ActionUndo, { token: result.undo! })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest },
    });
    expect(UNDO_WINDOW_MS).toBe(10_000);
  });

  it('delete moves to Trash; in Trash it deletes for good only when confirmed', async () => {
    const { other, socket, uids, uidValidity } = await account(['bin me']);
    const toTrash = unwrap(
      await request(socket, Events.MessageDelete, { mailbox: 'INBOX', uidValidity, uids }),
    );
    expect(toTrash).toMatchObject({ moved: 1, destination: 'Trash' });
    const trashUids = await other.uids('Trash');
    expect(trashUids).toHaveLength(1);
    const trash = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'Trash' }));
    const unconfirmed = await request(socket, Events.MessageDelete, {
      mailbox: 'Trash',
      uidValidity: trash.uidValidity,
      uids: trashUids,
    });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    expect(await other.uids('Trash')).toHaveLength(1);
    const gone = unwrap(
      await request(socket, Events.MessageDelete, {
        mailbox: 'Trash',
        uidValidity: trash.uidValidity,
        uids: trashUids,
        permanently: true,
      }),
    );
    expect(gone).toEqual({ moved: 1, destination: null, undo: null });
    expect(await other.uids('Trash')).toEqual([]);
  });

  it('junk moves to Junk with $Junk; not junk moves back to the Inbox with $NotJunk', async () => {
    const { other, socket, events, uids, uidValidity } = await account(['cheap pills', 'real']);
    const [spam] = uids;
    await other.addFlags('INBOX', [spam!], ['$NotJunk']);
    const reported = unwrap(
      await request(socket, Events.MessageJunk, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [spam!],
        junk: true,
      }),
    );
    expect(reported).toMatchObject({ moved: 1, destination: 'Junk', undo: expect.any(String) });
    await events.next(Events.MessageExpunged, (e) => e.removed.some((r) => r.uid === spam));
    expect(await other.uids('INBOX')).toHaveLength(1);
    const inJunk = await other.flags('Junk');
    expect(inJunk.size).toBe(1);
    const [junkUid, junkFlags] = [...inJunk][0]!;
    expect(junkFlags).toContain('$Junk');
    expect(junkFlags).not.toContain('$NotJunk');
    expect(
      await request(socket, Events.MessageJunk, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [uids[1]!],
        junk: false,
      }),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });

    const junkWindow = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'Junk' }));
    const rescued = unwrap(
      await request(socket, Events.MessageJunk, {
        mailbox: 'Junk',
        uidValidity: junkWindow.uidValidity,
        uids: [junkUid],
        junk: false,
      }),
    );
    expect(rescued).toMatchObject({ moved: 1, destination: 'INBOX' });
    expect(await other.uids('Junk')).toEqual([]);
    const inbox = await other.flags('INBOX');
    const back = [...inbox.values()].find((flags) => flags.includes('$NotJunk'));
    expect(back).toBeDefined();
    expect(back).not.toContain('$Junk');
  });

  it('undoing a junk report takes $Junk back off and puts $NotJunk back where it was', async () => {
    // Three messages, two reported: their UIDs in Junk differ from those in the Inbox.
    const { other, socket, uids, uidValidity } = await account(['kept', 'news', 'from a friend']);
    const reportedUids = uids.slice(1);
    await other.addFlags('INBOX', [uids[2]!], ['$NotJunk', '\\Seen']);
    const reported = unwrap(
      await request(socket, Events.MessageJunk, {
        mailbox: 'INBOX',
        uidValidity,
        uids: reportedUids,
        junk: true,
      }),
    );
    expect([...(await other.flags('Junk')).values()]).toEqual([
      expect.arrayContaining(['$Junk']),
      expect.arrayContaining(['$Junk']),
    ]);
    unwrap(await request(socket, Events.ActionUndo, { token: reported.undo! }));
    expect(await other.uids('Junk')).toEqual([]);
    const inbox = [...(await other.flags('INBOX')).values()];
    expect(inbox).toHaveLength(3);
    for (const flags of inbox) expect(flags).not.toContain('$Junk');
    // The friend's message had $NotJunk (and was read); the others never had it.
    expect(inbox.filter((flags) => flags.includes('$NotJunk'))).toEqual([
      expect.arrayContaining(['\\Seen']),
    ]);
  });

  it('a selection reported in batches is undone as one: each batch joins the undo before it', async () => {
    const { other, socket, uids, uidValidity } = await account(['one', 'two', 'three', 'four']);
    // In the first batch: the undo must put $NotJunk back after the join too.
    await other.addFlags('INBOX', [uids[0]!], ['$NotJunk']);
    const report = (batch: number[], joinUndo?: string) =>
      request(socket, Events.MessageJunk, {
        mailbox: 'INBOX',
        uidValidity,
        uids: batch,
        junk: true,
        ...(joinUndo && { joinUndo }),
      });
    const first = unwrap(await report(uids.slice(0, 2)));
    const second = unwrap(await report(uids.slice(2), first.undo!));
    expect(second).toMatchObject({ moved: 2, destination: 'Junk', undo: expect.any(String) });
    expect(await other.uids('Junk')).toHaveLength(4);

    // The first token went into the second.
    expect(await request(socket, Events.ActionUndo, { token: first.undo! })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest },
    });
    const undone = unwrap(await request(socket, Events.ActionUndo, { token: second.undo! }));
    expect(undone.restored).toBe(4);
    expect(await other.uids('Junk')).toEqual([]);
    const inbox = [...(await other.flags('INBOX')).values()];
    expect(inbox).toHaveLength(4);
    for (const flags of inbox) expect(flags).not.toContain('$Junk');
    expect(inbox.filter((flags) => flags.includes('$NotJunk'))).toHaveLength(1);
  });

  it('a batch that names another move, or an unknown token, moves with no undo; the other stays', async () => {
    const { other, socket, uids, uidValidity } = await account(['archived', 'deleted', 'too']);
    const archived = unwrap(
      await request(socket, Events.MessageArchive, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [uids[0]!],
      }),
    );
    const deleted = unwrap(
      await request(socket, Events.MessageDelete, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [uids[1]!],
        joinUndo: archived.undo!,
      }),
    );
    expect(deleted).toEqual({ moved: 1, destination: 'Trash', undo: null });
    const unknown = unwrap(
      await request(socket, Events.MessageDelete, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [uids[2]!],
        joinUndo: 'not-a-token',
      }),
    );
    expect(unknown).toEqual({ moved: 1, destination: 'Trash', undo: null });
    expect(await other.uids('Trash')).toHaveLength(2);
    // The archive's own undo still works.
    unwrap(await request(socket, Events.ActionUndo, { token: archived.undo! }));
    expect(await other.uids('INBOX')).toHaveLength(1);
    expect(await other.uids('Archive')).toEqual([]);
  });

  it('archive creates the Archive folder when the account has none', async () => {
    const { other, socket, uids, uidValidity } = await account(['first archive']);
    await other.deleteMailbox('Archive');
    const result = unwrap(
      await request(socket, Events.MessageArchive, { mailbox: 'INBOX', uidValidity, uids }),
    );
    expect(result.destination).toBe('Archive');
    expect(await other.uids('Archive')).toHaveLength(1);
  });

  it('a move into a folder another client just deleted fails with the reason, and nothing moves', async () => {
    const { other, socket, events, uids, uidValidity } = await account(['stay put']);
    await other.createMailbox('Doomed');
    await other.deleteMailbox('Doomed');
    const res = await request(socket, Events.MessageMove, {
      mailbox: 'INBOX',
      uidValidity,
      uids,
      destination: 'Doomed',
    });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.CommandFailed } });
    expect(await other.uids('INBOX')).toEqual(uids);
    expect(events.all(Events.MessageExpunged)).toEqual([]);
  });
});

describe('search', () => {
  it('matches what the server finds and grows when new matching mail arrives', async () => {
    const { user, other, socket, events } = await account([
      'Invoice March',
      'Lunch?',
      'Invoice April',
    ]);
    await other.addFlags('INBOX', (await other.uids('INBOX')).slice(0, 1), ['\\Flagged']);
    const result = unwrap(
      await request(socket, Events.MessageSearch, {
        mailbox: 'INBOX',
        query: { subject: 'invoice' },
      }),
    );
    expect(result.total).toBe(2);
    expect(result.messages.map((m) => m.subject)).toEqual(['Invoice April', 'Invoice March']);
    const flagged = unwrap(
      await request(socket, Events.MessageSearch, { mailbox: 'INBOX', query: { flagged: true } }),
    );
    expect(flagged.messages.map((m) => m.subject)).toEqual(['Invoice March']);
    const body = unwrap(
      await request(socket, Events.MessageSearch, {
        mailbox: 'INBOX',
        query: { body: 'About Lunch' },
      }),
    );
    expect(body.messages.map((m) => m.subject)).toEqual(['Lunch?']);

    await other.append(
      'INBOX',
      await buildMessage({ from: 'x@example.test', to: [user.email], subject: 'Unrelated' }),
    );
    await other.append(
      'INBOX',
      await buildMessage({ from: 'x@example.test', to: [user.email], subject: 'Invoice May' }),
    );
    const matched = await events.next(Events.SearchMatched, (e) => e.searchId === result.searchId);
    expect(matched.messages.map((m) => m.subject)).toEqual(['Invoice May']);
    expect(matched.total).toBe(3);
    expect(
      events
        .all(Events.SearchMatched)
        .filter((e) => e.searchId === result.searchId)
        .flatMap((e) => e.messages.map((m) => m.subject)),
    ).not.toContain('Unrelated');
  });

  it('everywhere: in every folder but Trash and Junk, newest first, each match with its folder', async () => {
    const { user, other, socket } = await account(['Invoice March']);
    const at = (day: number) => new Date(Date.UTC(2026, 2, day, 12));
    const put = async (mailbox: string, subject: string, day: number) =>
      other.append(
        mailbox,
        await buildMessage({
          from: 'Fay <fay@example.test>',
          to: [user.email],
          subject,
          date: at(day),
          text: 'Numbers',
        }),
      );
    await put('Archive', 'Invoice January', 1);
    await put('Archive', 'Invoice February', 2);
    await put('Sent', 'Re: Invoice questions', 20);
    await put('Trash', 'Invoice binned', 25);
    await put('Junk', 'Invoice from a stranger', 26);
    await other.imap.mailboxCreate('Clients/Acme');
    await put('Clients/Acme', 'Acme invoice', 10);
    await put('Clients/Acme', 'Acme lunch', 11);

    const result = unwrap(
      await request(socket, Events.SearchEverywhere, { query: { subject: 'invoice' } }),
    );
    // INBOX's message is dated now (buildMessage's default), the newest of all.
    expect(result.matches.map((m) => [m.mailbox, m.message.subject])).toEqual([
      ['INBOX', 'Invoice March'],
      ['Sent', 'Re: Invoice questions'],
      ['Clients/Acme', 'Acme invoice'],
      ['Archive', 'Invoice February'],
      ['Archive', 'Invoice January'],
    ]);
    expect(result.total).toBe(5);
    expect(result.failed).toEqual([]);
    // Each names the message as the folder does: it opens from there.
    const acme = result.matches.find((m) => m.mailbox === 'Clients/Acme')!;
    const opened = unwrap(
      await request(socket, Events.MessageGet, {
        mailbox: acme.mailbox,
        uidValidity: acme.uidValidity,
        uid: acme.message.uid,
      }),
    );
    expect(opened.subject).toBe('Acme invoice');

    // The newest up to the limit; the total counts them all.
    const two = unwrap(
      await request(socket, Events.SearchEverywhere, { query: { subject: 'invoice' }, limit: 2 }),
    );
    expect(two.matches.map((m) => m.message.subject)).toEqual([
      'Invoice March',
      'Re: Invoice questions',
    ]);
    expect(two.total).toBe(5);
  });

  it('refuses hostile queries', async () => {
    const { socket } = await account([]);
    const res = await request(socket, Events.MessageSearch, {
      mailbox: 'INBOX',
      query: { since: 'yesterday' },
    });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    const long = await request(socket, Events.MessageSearch, {
      mailbox: 'INBOX',
      query: { text: 'x'.repeat(1000) },
    });
    expect(long).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
  });
});
