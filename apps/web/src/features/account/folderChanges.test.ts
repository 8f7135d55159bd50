import { describe, expect, it } from 'vitest';
import { ErrorCode, Events, type Ack, type MailboxInfo } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { FolderChanges, type FolderChangesHost } from './folderChanges.ts';

function folder(path: string, total = 0): MailboxInfo {
  const name = path.split('/').pop()!;
  return { path, name, delimiter: '/', role: null, total, unread: 0, selectable: true };
}

const refused = (message: string): Ack<never> => ({
  ok: false,
  error: { code: ErrorCode.BadRequest, message },
});

/** A host whose socket answers each request with the answer the test set, and notes it. */
class FakeHost implements FolderChangesHost {
  current = 'INBOX';
  answer: Ack<unknown> = { ok: true, data: {} };
  sent: { event: string; request: unknown }[] = [];
  refreshes = 0;
  opened: string[] = [];
  toasts: string[] = [];
  notices: string[] = [];
  /** The socket's connection state, which the test may change. */
  readonly link = { connected: true };
  readonly fakeSocket = Object.assign(this.link, {
    timeout: () => ({
      emitWithAck: (event: string, request: unknown) => {
        this.sent.push({ event, request });
        return Promise.resolve(this.answer);
      },
    }),
  }) as unknown as GatewaySocket;
  private live: GatewaySocket | null = this.fakeSocket;

  socket = () => this.live;
  view = () => ({ current: this.current });
  refresh = () => void this.refreshes++;
  /** Each hold and release, in order with the opens ("hold Projects", "open Work", …). */
  steps: string[] = [];
  hold = (folder: MailboxInfo) => {
    this.steps.push(`hold ${folder.path}`);
    return () => void this.steps.push(`release ${folder.path}`);
  };
  open = (path: string) => {
    this.steps.push(`open ${path}`);
    this.opened.push(path);
    this.current = path;
  };
  done = (message: string) => this.toasts.push(message);
  notice = (message: string) => this.notices.push(message);

  /** The tab signed out (or reconnected on a new socket) while a request was out. */
  replaceSocket(): void {
    this.live = null;
  }
}
function setUp() {
  const host = new FakeHost();
  return { host, changes: new FolderChanges(host) };
}

describe('FolderChanges.create', () => {
  it('sends the parent only when there is one, and lists the folders again', async () => {
    const { host, changes } = setUp();
    host.answer = { ok: true, data: { path: 'Projects' } };
    expect(await changes.create(null, 'Projects')).toEqual(host.answer);
    host.answer = { ok: true, data: { path: 'Projects/2026' } };
    await changes.create('Projects', '2026');
    expect(host.sent).toEqual([
      { event: Events.MailboxCreate, request: { name: 'Projects' } },
      { event: Events.MailboxCreate, request: { parent: 'Projects', name: '2026' } },
    ]);
    expect(host.refreshes).toBe(2);
    expect(host.opened).toEqual([]);
  });

  it('hands a refusal back to the dialog and changes nothing', async () => {
    const { host, changes } = setUp();
    host.answer = refused('A folder named “Projects” already exists.');
    const answer = await changes.create(null, 'Projects');
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.message).toBe('A folder named “Projects” already exists.');
    expect(host.refreshes).toBe(0);
  });

  it('sends nothing while the socket is down', async () => {
    const { host, changes } = setUp();
    host.link.connected = false;
    const answer = await changes.create(null, 'Projects');
    expect(answer.ok).toBe(false);
    expect(host.sent).toEqual([]);
  });
});

describe('FolderChanges.rename', () => {
  it('follows the open folder to its new path', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects';
    host.answer = { ok: true, data: { path: 'Work' } };
    await changes.rename(folder('Projects'), 'Work');
    expect(host.sent).toEqual([
      { event: Events.MailboxRename, request: { mailbox: 'Projects', name: 'Work' } },
    ]);
    expect(host.opened).toEqual(['Work']);
    expect(host.refreshes).toBe(1);
  });

  it('sends a new place only when there is one (null: the top level), and follows the move', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects/2026';
    host.answer = { ok: true, data: { path: 'Archive/Projects' } };
    await changes.rename(folder('Projects'), 'Projects', 'Archive');
    await changes.rename(folder('Archive/Projects'), 'Projects', null);
    expect(host.sent.map((sent) => sent.request)).toEqual([
      { mailbox: 'Projects', name: 'Projects', parent: 'Archive' },
      { mailbox: 'Archive/Projects', name: 'Projects', parent: null },
    ]);
    expect(host.opened[0]).toBe('Archive/Projects/2026');
  });

  it('follows an open subfolder of the renamed folder', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects/Tidings/2026';
    host.answer = { ok: true, data: { path: 'Work' } };
    await changes.rename(folder('Projects'), 'Work');
    expect(host.opened).toEqual(['Work/Tidings/2026']);
  });

  it('stays where it is when another folder was renamed', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects-old';
    host.answer = { ok: true, data: { path: 'Work' } };
    await changes.rename(folder('Projects'), 'Work');
    expect(host.opened).toEqual([]);
    expect(host.refreshes).toBe(1);
  });

  it('holds the folder while the request is out, until the tab has followed it', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects/2026';
    host.answer = { ok: true, data: { path: 'Work' } };
    await changes.rename(folder('Projects'), 'Work');
    expect(host.steps).toEqual(['hold Projects', 'open Work/2026', 'release Projects']);
  });

  it('moves nowhere on a refusal', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects';
    host.answer = refused('A folder name cannot contain “/”.');
    const answer = await changes.rename(folder('Projects'), 'a/b');
    expect(answer.ok).toBe(false);
    expect(host.opened).toEqual([]);
    expect(host.refreshes).toBe(0);
    expect(host.steps).toEqual(['hold Projects', 'release Projects']);
  });

  it('does nothing more once the tab’s socket is gone', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects';
    host.answer = { ok: true, data: { path: 'Work' } };
    const pending = changes.rename(folder('Projects'), 'Work');
    host.replaceSocket();
    await pending;
    expect(host.opened).toEqual([]);
    expect(host.refreshes).toBe(0);
  });
});

describe('FolderChanges.remove', () => {
  it('says what went to Trash, and leaves the open folder for the Inbox', async () => {
    const { host, changes } = setUp();
    host.current = 'Projects';
    host.answer = { ok: true, data: { movedToTrash: 3, trash: 'Trash' } };
    await changes.remove(folder('Projects', 3));
    expect(host.sent).toEqual([{ event: Events.MailboxDelete, request: { mailbox: 'Projects' } }]);
    expect(host.opened).toEqual(['INBOX']);
    expect(host.toasts).toEqual(['Folder “Projects” deleted; 3 messages moved to Trash.']);
    expect(host.refreshes).toBe(1);
  });

  it('counts what the gateway moved, and stays in another open folder', async () => {
    const { host, changes } = setUp();
    host.current = 'Work';
    host.answer = { ok: true, data: { movedToTrash: 0, trash: null } };
    await changes.remove(folder('Projects', 2));
    expect(host.opened).toEqual([]);
    expect(host.toasts).toEqual(['Folder “Projects” deleted.']);
  });

  it('shows the gateway’s refusal as an alert', async () => {
    const { host, changes } = setUp();
    host.current = 'Work';
    host.answer = refused('Delete its subfolders first.');
    await changes.remove(folder('Work'));
    expect(host.notices).toEqual([
      'Could not delete the folder “Work”: Delete its subfolders first.',
    ]);
    expect(host.toasts).toEqual([]);
    expect(host.opened).toEqual([]);
    expect(host.refreshes).toBe(0);
  });

  it('says it could not reach the gateway while the socket is down', async () => {
    const { host, changes } = setUp();
    host.link.connected = false;
    await changes.remove(folder('Projects'));
    expect(host.sent).toEqual([]);
    expect(host.notices).toEqual([
      'Could not delete the folder “Projects”: Not connected to Tidings right now.',
    ]);
  });
});

describe('FolderChanges.empty', () => {
  it('asks the gateway to empty the folder and says how many went for good', async () => {
    const { host, changes } = setUp();
    host.current = 'Trash';
    host.answer = { ok: true, data: { deleted: 4 } };
    await changes.empty({ ...folder('Trash', 4), role: 'trash' });
    expect(host.sent).toEqual([{ event: Events.MailboxEmpty, request: { mailbox: 'Trash' } }]);
    expect(host.toasts).toEqual(['Trash emptied; 4 messages deleted for good.']);
    // The open Trash stays open: its rows go by the pushes every tab gets.
    expect(host.opened).toEqual([]);
  });

  it('shows a refusal as an alert', async () => {
    const { host, changes } = setUp();
    host.answer = refused('Only Trash and Junk are emptied in one go.');
    await changes.empty({ ...folder('Junk', 1), role: 'junk' });
    expect(host.toasts).toEqual([]);
    expect(host.notices).toEqual([
      'Could not empty Junk: Only Trash and Junk are emptied in one go.',
    ]);
  });
});

describe('FolderChanges.markRead', () => {
  it('asks the gateway to mark the folder read and says how many were unread', async () => {
    const { host, changes } = setUp();
    host.answer = { ok: true, data: { marked: 3 } };
    await changes.markRead({ ...folder('INBOX', 9), role: 'inbox' });
    expect(host.sent).toEqual([{ event: Events.MailboxMarkRead, request: { mailbox: 'INBOX' } }]);
    expect(host.toasts).toEqual(['3 messages in Inbox marked as read.']);
    expect(host.opened).toEqual([]);
  });

  it('shows a refusal as an alert, and nothing while the socket is down', async () => {
    const { host, changes } = setUp();
    host.answer = refused('The folder "Lists" could not be opened.');
    await changes.markRead(folder('Lists', 2));
    expect(host.toasts).toEqual([]);
    expect(host.notices).toEqual([
      'Could not mark Lists as read: The folder "Lists" could not be opened.',
    ]);
    host.link.connected = false;
    await changes.markRead(folder('Lists', 2));
    expect(host.sent).toHaveLength(1);
  });
});
