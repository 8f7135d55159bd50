import { describe, expect, it } from 'vitest';
import { readListHeaders, readListId } from './list-unsubscribe.ts';

const block = (...lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('readListHeaders', () => {
  it('reads a mailing list manager’s mailto and web page, and the list’s name', () => {
    const read = readListHeaders(
      block(
        'List-Id: "Tidings users" <users.tidings.example>',
        'List-Unsubscribe: <mailto:users-request@tidings.example?subject=unsubscribe>,',
        '  <https://lists.tidings.example/options/users?unsub=1>',
      ),
    );
    expect(read).toEqual({
      offer: {
        list: 'Tidings users',
        mailto: 'users-request@tidings.example',
        url: 'https://lists.tidings.example/options/users?unsub=1',
      },
      mail: { address: 'users-request@tidings.example', subject: 'unsubscribe', body: '' },
    });
  });

  it('takes the first of each kind, in any order, with folding inside the brackets', () => {
    const read = readListHeaders(
      block(
        'list-unsubscribe: <https://a.example/u>, (a comment) <mailto:first@a.example>,',
        '\t<mailto:second@a.example>, <https://b.example/u>, <https://news.exam',
        ' ple/unsub>',
      ),
    );
    expect(read?.offer).toEqual({
      list: 'first@a.example',
      mailto: 'first@a.example',
      url: 'https://a.example/u',
    });
  });

  it('decodes the subject and body, bounded and without control characters', () => {
    const read = readListHeaders(
      block(
        'List-Unsubscribe: <mailto:leave@list.example?Subject=Remove%20me%0D%0ABcc:%20x@evil.example&body=please%0D%0Aremove%00me>',
      ),
    );
    expect(read?.mail).toEqual({
      address: 'leave@list.example',
      subject: 'Remove me  Bcc: x@evil.example',
      body: 'please\nremove me',
    });
    const long = readListHeaders(
      block(`List-Unsubscribe: <mailto:leave@list.example?subject=${'a'.repeat(500)}>`),
    );
    expect(long?.mail?.subject).toHaveLength(200);
  });

  it('sends to one address only: never a second one, a Cc or a Bcc from the URL', () => {
    const read = readListHeaders(
      block(
        'List-Unsubscribe: <mailto:one@list.example,two@list.example?cc=three@list.example&bcc=four@list.example>',
      ),
    );
    expect(read?.mail?.address).toBe('one@list.example');
    const byTo = readListHeaders(block('List-Unsubscribe: <mailto:?to=leave@list.example>'));
    expect(byTo?.mail?.address).toBe('leave@list.example');
  });

  it('refuses what is not a usable mailto or web page', () => {
    for (const uri of [
      'javascript:alert(1)',
      'data:text/html,<b>hi</b>',
      'file:///etc/passwd',
      'ftp://list.example/unsub',
      'mailto:not an address',
      'mailto:leave@list.example%0D%0ABcc:x@evil.example',
      'mailto:%E0%A4%A',
      'mailto:',
      'https://user:secret@list.example/unsub',
      `https://list.example/${'a'.repeat(2_100)}`,
      'https://',
    ]) {
      expect(readListHeaders(block(`List-Unsubscribe: <${uri}>`)), uri).toBeNull();
    }
  });

  it('is null without the header, or with a value that has no bracketed URI', () => {
    expect(readListHeaders(block('List-Id: <users.tidings.example>'))).toBeNull();
    expect(readListHeaders(block('List-Unsubscribe: mailto:leave@list.example'))).toBeNull();
    expect(readListHeaders('')).toBeNull();
  });

  it('names the list by its id when the name is encoded or missing, else by the page’s host', () => {
    const encoded = readListHeaders(
      block(
        'List-Id: =?utf-8?q?Caf=C3=A9?= <cafe.list.example>',
        'List-Unsubscribe: <https://list.example/u>',
      ),
    );
    expect(encoded?.offer.list).toBe('cafe.list.example');
    const bare = readListHeaders(
      block('List-Id: <bare.list.example>', 'List-Unsubscribe: <https://list.example/u>'),
    );
    expect(bare?.offer.list).toBe('bare.list.example');
    const none = readListHeaders(block('List-Unsubscribe: <https://list.example/u>'));
    expect(none?.offer).toEqual({
      list: 'list.example',
      mailto: null,
      url: 'https://list.example/u',
    });
  });
});

describe('readListId', () => {
  it('takes the id in angle brackets, folded or not, and nothing that is not an id', () => {
    expect(readListId('List-Id: "Weekly Digest" <digest.lists.example.test>\r\n')).toBe(
      'digest.lists.example.test',
    );
    expect(readListId('List-Id: Dev\r\n <dev.example.org>\r\n')).toBe('dev.example.org');
    expect(readListId('Subject: hi\r\n')).toBeNull();
    expect(readListId('List-Id: no brackets.example\r\n')).toBeNull();
    expect(readListId('List-Id: <one-label>\r\n')).toBeNull();
    expect(readListId('List-Id: <a"b.example; discard>\r\n')).toBeNull();
    expect(readListId(`List-Id: <${'a'.repeat(250)}.example>\r\n`)).toBeNull();
  });
});
