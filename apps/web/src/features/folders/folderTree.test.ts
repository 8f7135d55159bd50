import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '@tidings/protocol';
import {
  canStillOpen,
  documentTitle,
  folderLabel,
  folderTrails,
  labelForPath,
  folderRole,
  inboxUnread,
  orderFolders,
  withCounts,
} from './folderTree.ts';

function mailbox(path: string, role: MailboxInfo['role'] = null, delimiter = '/'): MailboxInfo {
  const name = path.split(delimiter).at(-1) ?? path;
  return { path, name, delimiter, role, total: 0, unread: 0, selectable: true };
}

const labels = (list: MailboxInfo[]) => orderFolders(list).map((e) => `${e.depth}:${e.label}`);

describe('orderFolders', () => {
  it('puts special-use folders first in their fixed order, then user folders alphabetically', () => {
    const list = [
      mailbox('Zebra'),
      mailbox('Trash', 'trash'),
      mailbox('apples'),
      mailbox('Sent', 'sent'),
      mailbox('Junk', 'junk'),
      mailbox('INBOX', 'inbox'),
      mailbox('Archive', 'archive'),
      mailbox('Drafts', 'drafts'),
    ];
    expect(labels(list)).toEqual([
      '0:Inbox',
      '0:Drafts',
      '0:Sent',
      '0:Archive',
      '0:Junk',
      '0:Trash',
      '0:apples',
      '0:Zebra',
    ]);
  });

  it('says where a folder sits only when another has the same label', () => {
    const list = [
      mailbox('Work'),
      mailbox('Work/2026'),
      mailbox('Home'),
      mailbox('Home/Plans'),
      mailbox('Home/Plans/2026'),
      mailbox('2026'),
      mailbox('Home/Notes'),
    ];
    const within = orderFolders(list).map((e) => `${e.mailbox.path}:${e.within ?? '-'}`);
    expect(within).toEqual([
      '2026:-',
      'Home:-',
      'Home/Notes:-',
      'Home/Plans:-',
      'Home/Plans/2026:Home / Plans',
      'Work:-',
      'Work/2026:Work',
    ]);
  });

  it('labels a folder not listed yet by its last level', () => {
    const listed = [mailbox('INBOX', 'inbox'), mailbox('Work/2026')];
    expect(labelForPath('Work/2026', listed)).toBe('2026');
    expect(labelForPath('Work/Plans/Q1', listed)).toBe('Q1');
    expect(labelForPath('inbox', listed)).toBe('Inbox');
    expect(labelForPath('Work.Plans', [mailbox('A.B', null, '.')])).toBe('Plans');
    expect(labelForPath('Work/Plans', null)).toBe('Work/Plans');
  });

  it('names where a folder sits as the list nests it', () => {
    const listed = [
      mailbox('INBOX', 'inbox', '.'),
      mailbox('INBOX.Sent', 'sent', '.'),
      mailbox('INBOX.Receipts', null, '.'),
      mailbox('Clients', null, '.'),
      mailbox('Clients.Acme', null, '.'),
      mailbox('Clients.Acme.2026', null, '.'),
    ];
    const trail = folderTrails(listed);
    expect(trail('Clients.Acme.2026')).toBe('Clients / Acme / 2026');
    expect(trail('Clients')).toBe('Clients');
    expect(trail('INBOX.Sent')).toBe('Sent');
    expect(trail('INBOX.Receipts')).toBe('Inbox / Receipts');
    expect(trail('INBOX')).toBe('Inbox');
    // Not listed (yet): its path's levels.
    expect(trail('Clients.Globex')).toBe('Clients / Globex');
    // Listed without its parents (the server left them out): at the top, as the list shows it.
    expect(folderTrails([...listed, mailbox('Work.Plans.Q1', null, '.')])('Work.Plans.Q1')).toBe(
      'Q1',
    );
    expect(folderTrails(null)('Work/Plans')).toBe('Work/Plans');
  });

  it('shows INBOX as Inbox even without a role', () => {
    expect(folderLabel(mailbox('INBOX'))).toBe('Inbox');
    expect(labels([mailbox('Work'), mailbox('INBOX')])).toEqual(['0:Inbox', '0:Work']);
  });

  it('nests subfolders under their parent, indented by depth', () => {
    const list = [
      mailbox('Work/Clients/Acme'),
      mailbox('Work-old'),
      mailbox('Work'),
      mailbox('Work/Clients'),
      mailbox('Work/Admin'),
      mailbox('INBOX', 'inbox'),
    ];
    expect(labels(list)).toEqual([
      '0:Inbox',
      '0:Work',
      '1:Admin',
      '1:Clients',
      '2:Acme',
      '0:Work-old',
    ]);
  });

  it('honours the server delimiter and keeps special-use folders at the top under an INBOX prefix', () => {
    const list = [
      mailbox('INBOX', 'inbox', '.'),
      mailbox('INBOX.Sent', 'sent', '.'),
      mailbox('INBOX.Projects', null, '.'),
      mailbox('INBOX.Projects.Tidings', null, '.'),
    ];
    expect(labels(list)).toEqual(['0:Inbox', '1:Projects', '2:Tidings', '0:Sent']);
  });

  it('hangs a folder whose parent is not listed under the nearest listed ancestor', () => {
    expect(labels([mailbox('a/b/c'), mailbox('a')])).toEqual(['0:a', '1:c']);
    expect(labels([mailbox('x/y')])).toEqual(['0:y']);
  });
});

describe('withCounts', () => {
  it('applies the latest counts per mailbox and leaves the others', () => {
    const list = [mailbox('INBOX', 'inbox'), mailbox('Work')];
    const next = withCounts(list, [
      { mailbox: 'INBOX', total: 5, unread: 2 },
      { mailbox: 'INBOX', total: 6, unread: 3 },
    ]);
    expect(next[0]).toMatchObject({ total: 6, unread: 3 });
    expect(next[1]).toBe(list[1]);
  });
});

describe('title', () => {
  it('leads with the Inbox unread count when there is any', () => {
    const list = [{ ...mailbox('INBOX', 'inbox'), unread: 4 }, mailbox('Work')];
    expect(inboxUnread(list)).toBe(4);
    expect(documentTitle('Inbox', 4)).toBe('(4) Inbox — Tidings');
    expect(documentTitle('Inbox', 0)).toBe('Inbox — Tidings');
    expect(documentTitle(null, 0)).toBe('Tidings');
    expect(inboxUnread(null)).toBe(0);
  });
});

describe('canStillOpen', () => {
  const list = [
    mailbox('INBOX', 'inbox'),
    mailbox('Work'),
    { ...mailbox('Old'), selectable: false },
  ];

  it('finds a listed, selectable folder by its exact path', () => {
    expect(canStillOpen(list, 'Work')).toBe(true);
    expect(canStillOpen(list, 'work')).toBe(false);
  });

  it('treats a folder gone from the list, or left as a container, as gone', () => {
    expect(canStillOpen(list, 'Projects')).toBe(false);
    expect(canStillOpen(list, 'Old')).toBe(false);
  });

  it('always has the Inbox, whatever case it is asked for in', () => {
    expect(canStillOpen([], 'INBOX')).toBe(true);
    expect(canStillOpen(list, 'Inbox')).toBe(true);
  });
});

describe('folderRole', () => {
  it('takes the special use, else the usual name', () => {
    expect(folderRole({ path: 'Papierkorb', role: 'trash' }, 'Papierkorb')).toBe('trash');
    expect(folderRole({ path: 'Trash', role: null }, 'Trash')).toBe('trash');
    expect(folderRole(undefined, 'inbox')).toBe('inbox');
    expect(folderRole({ path: 'Work', role: null }, 'Work')).toBeNull();
  });
});
