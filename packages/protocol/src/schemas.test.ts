import { describe, expect, it } from 'vitest';
import {
  handshakeAuthSchema,
  loginRequestSchema,
  mailboxListRequestSchema,
  mailboxOpenRequestSchema,
  messageListRequestSchema,
  messageSetFlagsRequestSchema,
  messageMoveRequestSchema,
  messageSearchRequestSchema,
  mailboxRefreshRequestSchema,
  mailboxCreateRequestSchema,
  mailboxDeleteRequestSchema,
  mailboxMarkReadRequestSchema,
  mailboxRenameRequestSchema,
  folderNameProblem,
  MAX_FOLDER_NAME,
  requestSchemas,
  MAX_WINDOW,
  Events,
  hasFlag,
  isNewestFirst,
  sameSort,
  NEWEST_FIRST,
  recipientSuggestRequestSchema,
  quotaGetRequestSchema,
  messageJunkRequestSchema,
  MAX_SUGGESTIONS,
  MAX_SUGGESTION_QUERY_CHARS,
  attachmentsCopyRequestSchema,
  attachmentsReleaseRequestSchema,
  MAX_ATTACHMENTS,
} from './index.ts';

// As socket.io delivers them: JSON-parsed, so `__proto__` arrives as an own key.
const hostile = [
  null,
  undefined,
  42,
  'INBOX',
  [],
  JSON.parse('{"__proto__": {"mailbox": "INBOX"}}'),
];

describe('request schemas', () => {
  it('every client request event has a schema', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual(
      [
        Events.MailboxList,
        Events.MailboxOpen,
        Events.MailboxRefresh,
        Events.MessageList,
        Events.MessageSetFlags,
        Events.MessageMove,
        Events.MessageGet,
        Events.MessageDelete,
        Events.MessageArchive,
        Events.ActionUndo,
        Events.MessageSearch,
        Events.SearchClose,
        Events.SearchEverywhere,
        Events.MessageRsvp,
        Events.MessageSend,
        Events.DraftSave,
        Events.DraftOpen,
        Events.AttachmentsCopy,
        Events.AttachmentsRelease,
        Events.MessageThreads,
        Events.MailboxCreate,
        Events.MailboxRename,
        Events.MailboxDelete,
        Events.MailboxEmpty,
        Events.MailboxMarkRead,
        Events.MailboxUids,
        Events.RecipientSuggest,
        Events.MessageUnsubscribe,
        Events.QuotaGet,
        Events.VacationGet,
        Events.VacationSet,
        Events.FiltersGet,
        Events.FiltersSet,
        Events.FiltersApply,
        Events.MessageJunk,
      ].sort(),
    );
  });

  it.each(Object.entries(requestSchemas))('%s rejects non-object payloads', (_name, schema) => {
    for (const payload of hostile) {
      if (
        (schema === mailboxListRequestSchema || schema === quotaGetRequestSchema) &&
        payload &&
        typeof payload === 'object' &&
        !Array.isArray(payload)
      )
        continue;
      expect(schema.safeParse(payload).success).toBe(false);
    }
  });

  it('mailbox:list takes an empty object only', () => {
    expect(mailboxListRequestSchema.safeParse({}).success).toBe(true);
    expect(mailboxListRequestSchema.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('mailbox:open validates path and limit', () => {
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX' }).success).toBe(true);
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', limit: 50 }).success).toBe(true);
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: '' }).success).toBe(false);
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'x'.repeat(1025) }).success).toBe(false);
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', limit: 0 }).success).toBe(false);
    expect(
      mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', limit: MAX_WINDOW + 1 }).success,
    ).toBe(false);
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', limit: 1.5 }).success).toBe(
      false,
    );
    expect(mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', evil: true }).success).toBe(
      false,
    );
  });

  it('refuses line breaks and NUL in mailbox names and search terms, with a reason', () => {
    for (const broken of ['INBOX\r\nA1 LOGOUT', 'INBOX\n', 'a\u0000b']) {
      const open = mailboxOpenRequestSchema.safeParse({ mailbox: broken });
      expect(open.success).toBe(false);
      expect(open.error?.issues[0]?.message).toMatch(/line breaks and NUL/);
      const search = messageSearchRequestSchema.safeParse({
        mailbox: 'INBOX',
        query: { subject: `Lunch${broken}` },
      });
      expect(search.success).toBe(false);
    }
    // Names that only need quoting or modified UTF-7 on the wire are names like any other.
    for (const odd of ['Odd "quoted" \\ name', 'Ünïcødé & Co/Sub', 'a%b*c', '\ttabbed']) {
      expect(mailboxOpenRequestSchema.safeParse({ mailbox: odd }).success).toBe(true);
      expect(
        messageSearchRequestSchema.safeParse({ mailbox: odd, query: { text: odd } }).success,
      ).toBe(true);
    }
  });

  it('message:list needs uidValidity, offset and limit in range', () => {
    const good = { mailbox: 'INBOX', uidValidity: 1, offset: 0, limit: 10 };
    expect(messageListRequestSchema.safeParse(good).success).toBe(true);
    expect(messageListRequestSchema.safeParse({ ...good, uidValidity: 0 }).success).toBe(false);
    expect(messageListRequestSchema.safeParse({ ...good, uidValidity: 2 ** 32 }).success).toBe(
      false,
    );
    expect(messageListRequestSchema.safeParse({ ...good, offset: -1 }).success).toBe(false);
    expect(messageListRequestSchema.safeParse({ ...good, offset: '0' }).success).toBe(false);
    expect(messageListRequestSchema.safeParse({ ...good, limit: 10_000 }).success).toBe(false);
    const { limit: _limit, ...noLimit } = good;
    expect(messageListRequestSchema.safeParse(noLimit).success).toBe(false);
  });

  it('message:setFlags names messages by UID and takes only well-formed flags', () => {
    const good = { mailbox: 'INBOX', uidValidity: 7, uids: [1, 2], add: ['\\Seen'] };
    expect(messageSetFlagsRequestSchema.safeParse(good).success).toBe(true);
    expect(
      messageSetFlagsRequestSchema.safeParse({ ...good, add: ['$Label1'], remove: ['\\Flagged'] })
        .success,
    ).toBe(true);
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, uids: [] }).success).toBe(false);
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, uids: [0] }).success).toBe(false);
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, add: [] }).success).toBe(false);
    // IMAP injection: a flag that would close the list and start a new command.
    expect(
      messageSetFlagsRequestSchema.safeParse({ ...good, add: ['\\Seen) EXPUNGE'] }).success,
    ).toBe(false);
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, add: ['a\r\nb'] }).success).toBe(
      false,
    );
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, add: ['"quoted"'] }).success).toBe(
      false,
    );
    expect(messageSetFlagsRequestSchema.safeParse({ ...good, seq: 3 }).success).toBe(false);
  });
});

describe('message:move and mailbox:refresh', () => {
  it('move names messages by UID and needs another folder', () => {
    const good = { mailbox: 'INBOX', uidValidity: 3, uids: [4], destination: 'Archive' };
    expect(messageMoveRequestSchema.safeParse(good).success).toBe(true);
    expect(messageMoveRequestSchema.safeParse({ ...good, destination: 'INBOX' }).success).toBe(
      false,
    );
    expect(messageMoveRequestSchema.safeParse({ ...good, destination: '' }).success).toBe(false);
    expect(messageMoveRequestSchema.safeParse({ ...good, uids: [] }).success).toBe(false);
    expect(
      messageMoveRequestSchema.safeParse({ ...good, uids: Array(10_001).fill(1) }).success,
    ).toBe(false);
  });

  it('refresh takes an empty object', () => {
    expect(mailboxRefreshRequestSchema.safeParse({}).success).toBe(true);
    expect(mailboxRefreshRequestSchema.safeParse({ all: true }).success).toBe(false);
  });
});

describe('folder requests', () => {
  it('a folder name is one level of text a folder list can show', () => {
    const named = (name: unknown) => mailboxCreateRequestSchema.safeParse({ name }).success;
    for (const name of ['Projects', 'Q1 & Q2', 'Ünïcødé 📁', '[Gmail]', 'a%b*c', 'x'.repeat(200)]) {
      expect(named(name), name).toBe(true);
    }
    const refused = ['', ' ', ' lead', 'trail ', 'tab\there', 'line\nbreak', 'nul\0', 'del\x7f'];
    for (const name of [...refused, 'x'.repeat(MAX_FOLDER_NAME + 1), 42, null]) {
      expect(named(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('says in words what is wrong with a folder name', () => {
    expect(folderNameProblem('')).toBe('A folder needs a name.');
    expect(folderNameProblem('tab\there')).toMatch(/control characters/);
    expect(folderNameProblem(' lead')).toMatch(/start or end with a space/);
    expect(folderNameProblem('x'.repeat(MAX_FOLDER_NAME + 1))).toMatch(/at most 200/);
    expect(folderNameProblem('Q1 & Q2')).toBeNull();
    const refused = mailboxCreateRequestSchema.safeParse({ name: 'trail ' });
    expect(refused.error?.issues[0]?.message).toBe(folderNameProblem('trail '));
  });

  it('create takes an optional parent; rename, delete and mark read name the folder; nothing else', () => {
    expect(mailboxCreateRequestSchema.safeParse({ parent: 'Work', name: 'Q1' }).success).toBe(true);
    expect(mailboxCreateRequestSchema.safeParse({ parent: '', name: 'Q1' }).success).toBe(false);
    expect(mailboxCreateRequestSchema.safeParse({ name: 'Q1', path: 'x' }).success).toBe(false);
    expect(mailboxRenameRequestSchema.safeParse({ mailbox: 'Work', name: 'Job' }).success).toBe(
      true,
    );
    expect(mailboxRenameRequestSchema.safeParse({ mailbox: 'Work' }).success).toBe(false);
    for (const parent of ['Archive', null]) {
      const moved = { mailbox: 'Work', name: 'Job', parent };
      expect(mailboxRenameRequestSchema.safeParse(moved).success).toBe(true);
    }
    const toNowhere = { mailbox: 'Work', name: 'Job', parent: '' };
    expect(mailboxRenameRequestSchema.safeParse(toNowhere).success).toBe(false);
    for (const schema of [mailboxDeleteRequestSchema, mailboxMarkReadRequestSchema]) {
      expect(schema.safeParse({ mailbox: 'Work' }).success).toBe(true);
      expect(schema.safeParse({ mailbox: 'a\r\nb' }).success).toBe(false);
      expect(schema.safeParse({ mailbox: 'Work', uids: [1] }).success).toBe(false);
      for (const payload of hostile) expect(schema.safeParse(payload).success).toBe(false);
    }
  });
});

describe('junk reports', () => {
  it('name the messages and say which way', () => {
    const selection = { mailbox: 'INBOX', uidValidity: 1, uids: [4, 5] };
    const parse = (payload: unknown) => messageJunkRequestSchema.safeParse(payload).success;
    expect(parse({ ...selection, junk: true })).toBe(true);
    expect(parse({ ...selection, junk: false })).toBe(true);
    expect(parse(selection)).toBe(false);
    expect(parse({ ...selection, junk: 'yes' })).toBe(false);
    expect(parse({ ...selection, junk: true, destination: 'Archive' })).toBe(false);
    expect(parse({ ...selection, uids: [], junk: true })).toBe(false);
  });
});

describe('attachments copied for a forward, and released', () => {
  const ref = { mailbox: 'INBOX', uidValidity: 3, uid: 9 };
  it('copy names the message and IMAP part numbers, at most as many as a message carries', () => {
    for (const parts of [
      ['2'],
      ['1.2', '3.1.4'],
      Array.from({ length: MAX_ATTACHMENTS }, () => '2'),
    ])
      expect(attachmentsCopyRequestSchema.safeParse({ ...ref, parts }).success).toBe(true);
    for (const parts of [
      [],
      ['0'],
      ['1.0'],
      ['1..2'],
      ['2.'],
      ['TEXT'],
      ['1.HEADER'],
      ['2 3'],
      [' 2'],
      ['1234567'],
      [2],
      Array.from({ length: MAX_ATTACHMENTS + 1 }, () => '2'),
    ])
      expect(attachmentsCopyRequestSchema.safeParse({ ...ref, parts }).success).toBe(false);
    for (const value of hostile)
      expect(attachmentsCopyRequestSchema.safeParse(value).success).toBe(false);
    expect(attachmentsCopyRequestSchema.safeParse({ ...ref, parts: ['2'], extra: 1 }).success).toBe(
      false,
    );
  });

  it('release takes upload ids, at least one', () => {
    expect(attachmentsReleaseRequestSchema.safeParse({ ids: ['abc'] }).success).toBe(true);
    for (const ids of [[], [''], ['x'.repeat(65)], [1], 'abc'])
      expect(attachmentsReleaseRequestSchema.safeParse({ ids }).success).toBe(false);
  });
});

describe('recipient suggestions', () => {
  it('take a typed start of one recipient (or nothing, to prepare) and an optional limit', () => {
    const parse = (payload: unknown) => recipientSuggestRequestSchema.safeParse(payload).success;
    expect(parse({ query: 'ada' })).toBe(true);
    expect(parse({ query: 'ada lo', limit: MAX_SUGGESTIONS })).toBe(true);
    expect(parse({ query: '' })).toBe(true);
    expect(parse({ query: '   ' })).toBe(false);
    expect(parse({ query: 'x'.repeat(MAX_SUGGESTION_QUERY_CHARS + 1) })).toBe(false);
    expect(parse({ query: 'ada', limit: 0 })).toBe(false);
    expect(parse({ query: 'ada', limit: MAX_SUGGESTIONS + 1 })).toBe(false);
    expect(parse({ query: 'ada', limit: 2.5 })).toBe(false);
    expect(parse({ query: 'ada', mailbox: 'Sent' })).toBe(false);
    expect(parse({ query: 7 })).toBe(false);
    for (const payload of hostile) expect(parse(payload)).toBe(false);
  });
});

describe('list order', () => {
  const window = { mailbox: 'INBOX', uidValidity: 1, offset: 0, limit: 50 };
  it('a window or an open may ask for an order by a known key, both ways, and nothing else', () => {
    for (const by of ['received', 'date', 'from', 'subject', 'size']) {
      for (const reverse of [false, true]) {
        expect(
          messageListRequestSchema.safeParse({ ...window, sort: { by, reverse } }).success,
        ).toBe(true);
        expect(
          mailboxOpenRequestSchema.safeParse({ mailbox: 'INBOX', sort: { by, reverse } }).success,
        ).toBe(true);
      }
    }
    for (const sort of [
      { by: 'cc', reverse: false },
      { by: 'from' },
      { by: 'from', reverse: 'yes' },
      { by: 'from', reverse: false, extra: 1 },
      'from',
      null,
      ...hostile.filter((value) => value !== undefined),
    ]) {
      expect(messageListRequestSchema.safeParse({ ...window, sort }).success).toBe(false);
    }
  });

  it('newest arrival first is the live order, asked for or not', () => {
    expect(isNewestFirst(undefined)).toBe(true);
    expect(isNewestFirst(null)).toBe(true);
    expect(isNewestFirst(NEWEST_FIRST)).toBe(true);
    expect(isNewestFirst({ by: 'received', reverse: false })).toBe(false);
    expect(isNewestFirst({ by: 'date', reverse: true })).toBe(false);
    expect(sameSort(undefined, NEWEST_FIRST)).toBe(true);
    expect(sameSort({ by: 'from', reverse: false }, { by: 'from', reverse: false })).toBe(true);
    expect(sameSort({ by: 'from', reverse: false }, { by: 'from', reverse: true })).toBe(false);
    expect(sameSort({ by: 'from', reverse: false }, undefined)).toBe(false);
    expect(sameSort({ by: 'size', reverse: true }, { by: 'date', reverse: true })).toBe(false);
  });
});

describe('handshake and login', () => {
  it('handshake needs an integer protocol version', () => {
    expect(handshakeAuthSchema.safeParse({ protocolVersion: 1 }).success).toBe(true);
    expect(handshakeAuthSchema.safeParse({ protocolVersion: 1, lastSeq: 5 }).success).toBe(true);
    expect(handshakeAuthSchema.safeParse({}).success).toBe(false);
    expect(handshakeAuthSchema.safeParse({ protocolVersion: '1' }).success).toBe(false);
    expect(handshakeAuthSchema.safeParse({ protocolVersion: 1, lastSeq: -1 }).success).toBe(false);
  });

  it('login needs both fields and nothing else', () => {
    expect(loginRequestSchema.safeParse({ email: 'a@b.test', password: 'x' }).success).toBe(true);
    expect(loginRequestSchema.safeParse({ email: '', password: 'x' }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ email: 'a@b.test', password: '' }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ email: 'a@b.test' }).success).toBe(false);
    expect(
      loginRequestSchema.safeParse({ email: 'a@b.test', password: 'x', admin: true }).success,
    ).toBe(false);
    expect(
      loginRequestSchema.safeParse({ email: 'a@b.test', password: 'x'.repeat(2000) }).success,
    ).toBe(false);
  });

  it('login refuses what no IMAP sign-in can carry, and takes any other character', () => {
    const reason = (login: object) => loginRequestSchema.safeParse(login).error?.issues[0]?.message;
    expect(reason({ email: 'a\u0000b@example.test', password: 'x' })).toMatch(/not an email/);
    expect(reason({ email: 'ada@example.test', password: 'pw\r\nA1 LOGOUT' })).toMatch(
      /line break/,
    );
    expect(reason({ email: 'ada@example.test', password: 'pw\u0000' })).toMatch(/NUL/);
    for (const password of ['😀 ß "q" \\ {5}', '\tleading tab']) {
      expect(loginRequestSchema.safeParse({ email: 'jürgen@bücher.test', password }).success).toBe(
        true,
      );
    }
  });
});

describe('hasFlag', () => {
  it('compares case-insensitively', () => {
    expect(hasFlag(['\\seen'], '\\Seen')).toBe(true);
    expect(hasFlag(['\\Flagged'], '\\Seen')).toBe(false);
  });
});
