import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '@tidings/protocol';
import {
  deletedNote,
  deleteQuestion,
  emptiedNote,
  emptyQuestion,
  folderActions,
  hasSubfolders,
  isUserFolder,
  isWithin,
  markedReadNote,
  moveChoices,
  parentChoices,
  parentOf,
  pathAfterRename,
} from './folderManagement.ts';

function mailbox(
  path: string,
  role: MailboxInfo['role'] = null,
  delimiter = '/',
  total = 0,
  unread = 0,
): MailboxInfo {
  const name = path.split(delimiter).at(-1) ?? path;
  return { path, name, delimiter, role, total, unread, selectable: true };
}

describe('isUserFolder', () => {
  it('offers the user’s own folders, at any depth', () => {
    expect(isUserFolder(mailbox('Projects'))).toBe(true);
    expect(isUserFolder(mailbox('INBOX/Receipts'))).toBe(true);
  });

  it('keeps the Inbox and every special-use folder out of reach', () => {
    expect(isUserFolder(mailbox('INBOX', 'inbox'))).toBe(false);
    // INBOX is the Inbox in any case, with or without the server marking it (RFC 3501 §5.1).
    expect(isUserFolder(mailbox('Inbox'))).toBe(false);
    for (const role of ['sent', 'drafts', 'trash', 'junk', 'archive', 'all', 'flagged'] as const) {
      expect(isUserFolder(mailbox('Anything', role))).toBe(false);
    }
  });
});

describe('isWithin and hasSubfolders', () => {
  const work = mailbox('Work');

  it('counts the folder itself and what is below it, not a folder that only starts alike', () => {
    expect(isWithin('Work', work)).toBe(true);
    expect(isWithin('Work/Clients/Acme', work)).toBe(true);
    expect(isWithin('Work-old', work)).toBe(false);
    expect(isWithin('Workshop/Work', work)).toBe(false);
  });

  it('follows the server’s delimiter, and sees no hierarchy without one', () => {
    expect(isWithin('INBOX.Work.Acme', mailbox('INBOX.Work', null, '.'))).toBe(true);
    expect(isWithin('INBOX.Work/Acme', mailbox('INBOX.Work', null, '.'))).toBe(false);
    expect(isWithin('Work/Acme', { path: 'Work', delimiter: '' })).toBe(false);
  });

  it('finds subfolders among the listed folders', () => {
    const list = [mailbox('Work'), mailbox('Work/Clients'), mailbox('Work-old'), mailbox('Home')];
    expect(hasSubfolders(list, mailbox('Work'))).toBe(true);
    expect(hasSubfolders(list, mailbox('Work/Clients'))).toBe(false);
    expect(hasSubfolders(list, mailbox('Work-old'))).toBe(false);
    expect(hasSubfolders(list, mailbox('Home'))).toBe(false);
  });
});

describe('pathAfterRename', () => {
  const projects = mailbox('Projects');

  it('follows the renamed folder itself to its new path', () => {
    expect(pathAfterRename('Projects', projects, 'Archive 2025')).toBe('Archive 2025');
  });

  it('keeps a subfolder’s place under the new path', () => {
    expect(pathAfterRename('Projects/Tidings', projects, 'Work')).toBe('Work/Tidings');
    expect(pathAfterRename('Projects/a/b', projects, 'Done')).toBe('Done/a/b');
    const nested = mailbox('INBOX.Projects', null, '.');
    expect(pathAfterRename('INBOX.Projects.Q1', nested, 'INBOX.Done')).toBe('INBOX.Done.Q1');
  });

  it('leaves any other open folder alone, a look-alike name too', () => {
    expect(pathAfterRename('INBOX', projects, 'Work')).toBeNull();
    expect(pathAfterRename('Projects-old', projects, 'Work')).toBeNull();
    expect(pathAfterRename('Work', projects, 'Work2')).toBeNull();
  });
});

describe('parentChoices', () => {
  it('puts the top level first, then every folder in list order with its depth', () => {
    const list = [
      mailbox('Zebra'),
      mailbox('Work/Clients'),
      mailbox('Trash', 'trash'),
      mailbox('Work'),
      mailbox('INBOX', 'inbox'),
    ];
    expect(parentChoices(list)).toEqual([
      { path: '', label: 'Top level', depth: 0 },
      { path: 'INBOX', label: 'Inbox', depth: 0 },
      { path: 'Trash', label: 'Trash', depth: 0 },
      { path: 'Work', label: 'Work', depth: 0 },
      { path: 'Work/Clients', label: 'Clients', depth: 1 },
      { path: 'Zebra', label: 'Zebra', depth: 0 },
    ]);
  });

  it('still offers the top level before the folders are listed', () => {
    expect(parentChoices([])).toEqual([{ path: '', label: 'Top level', depth: 0 }]);
  });
});

describe('deleteQuestion', () => {
  it('says how many messages go to Trash', () => {
    expect(deleteQuestion(mailbox('Projects', null, '/', 3), false)).toEqual({
      title: 'Delete the folder “Projects”?',
      message: 'The 3 messages in it will be moved to Trash.',
      canConfirm: true,
    });
    expect(deleteQuestion(mailbox('Projects', null, '/', 1), false).message).toBe(
      'The 1 message in it will be moved to Trash.',
    );
  });

  it('says so when the folder is empty', () => {
    expect(deleteQuestion(mailbox('Projects'), false).message).toBe('It is empty.');
  });

  it('offers nothing to confirm while the folder has subfolders', () => {
    const question = deleteQuestion(mailbox('Work', null, '/', 5), true);
    expect(question.canConfirm).toBe(false);
    expect(question.message).toBe('“Work” has subfolders. Delete its subfolders first.');
  });
});

describe('deletedNote', () => {
  it('names the folder and what went to Trash', () => {
    expect(deletedNote('Projects', 3)).toBe(
      'Folder “Projects” deleted; 3 messages moved to Trash.',
    );
    expect(deletedNote('Projects', 1)).toBe('Folder “Projects” deleted; 1 message moved to Trash.');
    expect(deletedNote('Projects', 0)).toBe('Folder “Projects” deleted.');
  });
});

describe('moving a folder', () => {
  it('offers every place but the folder itself and its subfolders', () => {
    const list = ['INBOX', 'Projects', 'Projects/2026', 'Projects old', 'Work'].map((p) =>
      mailbox(p),
    );
    const paths = moveChoices(list, mailbox('Projects')).map((choice) => choice.path);
    expect(paths).toEqual(['', 'INBOX', 'Projects old', 'Work']);
  });

  it("names the folder's present place as the choices do", () => {
    expect(parentOf(mailbox('Projects/2026'))).toBe('Projects');
    expect(parentOf(mailbox('Projects'))).toBe('');
    expect(parentOf(mailbox('INBOX.Lists.Tidings', null, '.'))).toBe('INBOX.Lists');
    expect(parentOf({ path: 'Flat/Name', delimiter: '' })).toBe('');
  });
});

describe('folder menus', () => {
  it("offers rename, move and delete for the user's folders, emptying for Trash and Junk", () => {
    const labels = (m: MailboxInfo) => folderActions(m).map((action) => action.kind);
    expect(labels(mailbox('Projects'))).toEqual(['rename', 'delete']);
    expect(folderActions(mailbox('Trash', 'trash'))).toEqual([
      { kind: 'empty', label: 'Empty Trash…' },
    ]);
    expect(labels(mailbox('Spam', 'junk'))).toEqual(['empty']);
    for (const role of ['inbox', 'sent', 'drafts', 'archive', 'all', 'flagged'] as const) {
      expect(labels(mailbox(role === 'inbox' ? 'INBOX' : role, role))).toEqual([]);
    }
  });

  it('offers marking all read first, in any folder with unread mail, and only then', () => {
    const labels = (m: MailboxInfo) => folderActions(m).map((action) => action.kind);
    expect(folderActions(mailbox('INBOX', 'inbox', '/', 5, 2))).toEqual([
      { kind: 'markRead', label: 'Mark all as read' },
    ]);
    expect(labels(mailbox('Projects', null, '/', 5, 1))).toEqual(['markRead', 'rename', 'delete']);
    expect(labels(mailbox('Junk', 'junk', '/', 5, 5))).toEqual(['markRead', 'empty']);
    expect(labels(mailbox('Sent', 'sent', '/', 5, 0))).toEqual([]);
    expect(markedReadNote('Inbox', 3)).toBe('3 messages in Inbox marked as read.');
    expect(markedReadNote('Inbox', 1)).toBe('1 message in Inbox marked as read.');
    expect(markedReadNote('Inbox', 0)).toBe('Nothing in Inbox was unread.');
  });

  it('asks before emptying, and has nothing to confirm in an empty folder', () => {
    const full = emptyQuestion(mailbox('Trash', 'trash', '/', 3));
    expect(full).toEqual({
      title: 'Empty Trash?',
      message: 'The 3 messages in Trash will be deleted for good. This cannot be undone.',
      canConfirm: true,
    });
    expect(emptyQuestion(mailbox('Junk', 'junk')).canConfirm).toBe(false);
    expect(emptiedNote('Trash', 1)).toBe('Trash emptied; 1 message deleted for good.');
    expect(emptiedNote('Junk', 0)).toBe('Junk was already empty.');
  });
});
