import type { ImapFlow } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { describe, expect, it, vi } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { decodeModifiedUtf7 } from './mailbox-name.ts';
import { enableNotify, parseStatusResponse } from './notify.ts';

describe('decodeModifiedUtf7', () => {
  it('decodes RFC 3501 §5.1.3 names', () => {
    expect(decodeModifiedUtf7('INBOX')).toBe('INBOX');
    expect(decodeModifiedUtf7('Entw&APw-rfe')).toBe('Entwürfe');
    expect(decodeModifiedUtf7('&ZeVnLIqe-')).toBe('日本語');
    expect(decodeModifiedUtf7('Tom &- Jerry')).toBe('Tom & Jerry');
  });
});

describe('parseStatusResponse', () => {
  it('reads counts from a NOTIFY STATUS', () => {
    const attributes = [
      { type: 'ATOM', value: 'Sent' },
      [
        { type: 'ATOM', value: 'MESSAGES' },
        { type: 'ATOM', value: '4' },
        { type: 'ATOM', value: 'UIDNEXT' },
        { type: 'ATOM', value: '9' },
        { type: 'ATOM', value: 'UIDVALIDITY' },
        { type: 'ATOM', value: '17' },
        { type: 'ATOM', value: 'UNSEEN' },
        { type: 'ATOM', value: '1' },
      ],
    ];
    expect(parseStatusResponse(attributes)).toEqual({
      path: 'Sent',
      messages: 4,
      unseen: 1,
      uidValidity: 17,
    });
  });

  it('rejects malformed responses', () => {
    expect(parseStatusResponse([])).toBeNull();
    expect(parseStatusResponse([{ type: 'ATOM', value: 'X' }, 'junk'])).toBeNull();
  });
});

type Untagged = { command: string; attributes: unknown[] };

/** A connection as far as enableNotify touches it; `refuse` answers NOTIFY with fetch items NO. */
function fakeConnection(options: { refuseRows?: boolean } = {}) {
  const flagsOnly = vi.fn(async (_untagged: Untagged) => undefined);
  const sent: string[] = [];
  const handlers: Record<string, ((u: Untagged) => Promise<void>) | undefined> = {
    FETCH: flagsOnly,
  };
  const client = {
    capabilities: new Map([
      ['NOTIFY', true],
      ['PREVIEW', true],
    ]),
    mailbox: { path: 'INBOX', uidValidity: 7n, exists: 3 },
    untaggedHandlers: handlers,
    exec: async (command: string, attributes: unknown[]) => {
      const text = JSON.stringify(attributes);
      sent.push(`${command} ${text}`);
      if (options.refuseRows && text.includes('ENVELOPE')) {
        throw Object.assign(new Error('Command failed'), { responseStatus: 'BAD' });
      }
      return { next: () => undefined };
    },
  };
  return {
    client: client as unknown as ImapFlow,
    flagsOnly,
    sent,
    /** The server sends one untagged line, parsed by imapflow's own tokenizer. */
    async receive(line: string): Promise<void> {
      const untagged = (await parser(line)) as Untagged;
      await handlers.FETCH!(untagged);
    },
  };
}

describe('enableNotify: new messages pushed with their rows', () => {
  const row =
    '* 3 FETCH (UID 12 FLAGS (\\Seen $Label1) RFC822.SIZE 2048 INTERNALDATE "06-Dec-2026 01:16:00 +0000" ' +
    'PREVIEW "Lunch  at\r\n noon?" ENVELOPE ("Sun, 06 Dec 2026 01:16:00 +0000" "=?UTF-8?Q?Caf=C3=A9?=" ' +
    '(("Ann Smith" NIL "ann" "example.test")) NIL NIL ((NIL NIL "bob" "example.test")) NIL NIL NIL "<1@x>"))';

  it('asks for the list row with MessageNew and hands rows on as summaries', async () => {
    const connection = fakeConnection();
    const rows: MessageSummary[] = [];
    const result = await enableNotify(connection.client, {
      onStatus: () => undefined,
      onMailboxNamesChanged: () => undefined,
      onNewMessage: (summary) => rows.push(summary),
    });
    expect(result).toEqual({ pushesNewMessages: true });
    expect(connection.sent).toHaveLength(1);
    expect(connection.sent[0]).toContain('"MessageNew"},[{"type":"ATOM","value":"UID"}');
    expect(connection.sent[0]).toContain('"PREVIEW"');

    await connection.receive(row);
    expect(rows).toEqual([
      {
        uid: 12,
        from: [{ name: 'Ann Smith', address: 'ann@example.test' }],
        to: [{ name: '', address: 'bob@example.test' }],
        subject: 'Café',
        date: '2026-12-06T01:16:00.000Z',
        flags: ['\\Seen', '$Label1'],
        size: 2048,
        preview: 'Lunch at noon?',
      },
    ]);
    expect(connection.flagsOnly).not.toHaveBeenCalled();
  });

  it('leaves flag changes to imapflow', async () => {
    const connection = fakeConnection();
    const onNewMessage = vi.fn();
    await enableNotify(connection.client, {
      onStatus: () => undefined,
      onMailboxNamesChanged: () => undefined,
      onNewMessage,
    });
    await connection.receive('* 2 FETCH (UID 9 FLAGS (\\Seen))');
    expect(onNewMessage).not.toHaveBeenCalled();
    expect(connection.flagsOnly).toHaveBeenCalledTimes(1);
  });

  it('asks again without the rows where the server refuses them', async () => {
    const connection = fakeConnection({ refuseRows: true });
    const result = await enableNotify(connection.client, {
      onStatus: () => undefined,
      onMailboxNamesChanged: () => undefined,
      onNewMessage: () => undefined,
    });
    expect(result).toEqual({ pushesNewMessages: false });
    expect(connection.sent).toHaveLength(2);
    expect(connection.sent[1]).not.toContain('ENVELOPE');
  });
});
