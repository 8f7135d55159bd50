import { describe, expect, it } from 'vitest';
import { ErrorCode, type Ack, type MailboxInfo } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { FolderListSync, type FolderListHost, type FolderListView } from './folderListSync.ts';

function folder(path: string, total: number, unread: number): MailboxInfo {
  const name = path.split('/').pop()!;
  return { path, name, delimiter: '/', role: null, total, unread, selectable: true };
}

type ListAnswer = Ack<{ mailboxes: MailboxInfo[] }>;

/** A host whose socket holds each `mailbox:list` until the test answers it. */
class FakeHost implements FolderListHost {
  view_: FolderListView & { current: string } = {
    mailboxes: null,
    foldersError: null,
    current: 'INBOX',
  };
  updates = 0;
  notices: string[] = [];
  opened: string[] = [];
  private pending: ((answer: ListAnswer) => void)[] = [];
  readonly fakeSocket = {
    connected: true,
    timeout: () => ({
      emitWithAck: () => new Promise<ListAnswer>((resolve) => this.pending.push(resolve)),
    }),
  } as unknown as GatewaySocket;
  private current: GatewaySocket | null = this.fakeSocket;

  socket = () => this.current;
  view = () => this.view_;
  update = (patch: Partial<FolderListView>) => {
    this.updates++;
    this.view_ = { ...this.view_, ...patch };
  };
  notice = (message: string) => this.notices.push(message);
  open = (path: string) => this.opened.push(path);

  /** Answers the oldest `mailbox:list` still waiting, and lets its continuation run. */
  async answer(answer: ListAnswer): Promise<void> {
    this.pending.shift()!(answer);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  replaceSocket(): void {
    this.current = { ...this.fakeSocket } as GatewaySocket;
  }
}

const listed = (...mailboxes: MailboxInfo[]): ListAnswer => ({ ok: true, data: { mailboxes } });

describe('FolderListSync', () => {
  it('puts the counts pushed while the list was out onto its answer, the latest per folder', async () => {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const done = folders.refresh();
    folders.applyCounts({ mailbox: 'INBOX', total: 11, unread: 3 });
    folders.applyCounts({ mailbox: 'INBOX', total: 12, unread: 4 });
    folders.applyCounts({ mailbox: 'Work', total: 7, unread: 0 });
    // The server read these counts before the pushes above.
    await host.answer(listed(folder('INBOX', 10, 2), folder('Work', 5, 1), folder('Old', 1, 1)));
    await done;
    expect(host.view_.mailboxes).toEqual([
      folder('INBOX', 12, 4),
      folder('Work', 7, 0),
      folder('Old', 1, 1),
    ]);
    expect(host.view_.foldersError).toBeNull();

    // A push applied to the list shown is not applied again to the next list: that is newer.
    folders.applyCounts({ mailbox: 'Work', total: 8, unread: 8 });
    expect(host.view_.mailboxes?.[1]).toEqual(folder('Work', 8, 8));
    const again = folders.refresh();
    await host.answer(listed(folder('INBOX', 20, 9), folder('Work', 5, 1)));
    await again;
    expect(host.view_.mailboxes).toEqual([folder('INBOX', 20, 9), folder('Work', 5, 1)]);
  });

  it('re-renders the list only when a pushed count differs from it', async () => {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const done = folders.refresh();
    await host.answer(listed(folder('INBOX', 10, 2)));
    await done;
    const before = host.updates;
    folders.applyCounts({ mailbox: 'INBOX', total: 10, unread: 2 });
    folders.applyCounts({ mailbox: 'Unknown', total: 1, unread: 1 });
    expect(host.updates).toBe(before);
    folders.applyCounts({ mailbox: 'INBOX', total: 10, unread: 1 });
    expect(host.updates).toBe(before + 1);
    expect(host.view_.mailboxes).toEqual([folder('INBOX', 10, 1)]);
  });

  it('drops an answer overtaken by a newer request or another socket', async () => {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const first = folders.refresh();
    const second = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 1)));
    await first;
    expect(host.view_.mailboxes).toBeNull();
    await host.answer(listed(folder('INBOX', 2, 2)));
    await second;
    expect(host.view_.mailboxes).toEqual([folder('INBOX', 2, 2)]);

    const third = folders.refresh();
    host.replaceSocket();
    await host.answer(listed(folder('INBOX', 3, 3)));
    await third;
    expect(host.view_.mailboxes).toEqual([folder('INBOX', 2, 2)]);
  });

  it('says why the list failed, and keeps the list it had', async () => {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const done = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 0)));
    await done;
    const failed = folders.refresh();
    await host.answer({
      ok: false,
      error: { code: ErrorCode.ImapUnavailable, message: 'The mail server is unreachable.' },
    });
    await failed;
    expect(host.view_.foldersError).toBe('The mail server is unreachable.');
    expect(host.view_.mailboxes).toEqual([folder('INBOX', 1, 0)]);
  });

  it('leaves an open folder another client removed, naming it, and shows the Inbox', async () => {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const done = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 0), folder('Projects/Tidings', 4, 0)));
    await done;
    host.view_.current = 'Projects/Tidings';
    const again = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 0)));
    await again;
    expect(host.notices).toEqual(['The folder “Tidings” no longer exists; showing the Inbox.']);
    expect(host.opened).toEqual(['INBOX']);
  });

  /** A tab with `open` open in a list holding it, renaming `renamed`; then the next list comes. */
  async function renamingWhile(open: MailboxInfo, renamed: string, next: MailboxInfo[]) {
    const host = new FakeHost();
    const folders = new FolderListSync(host);
    const first = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 0), open));
    await first;
    host.view_.current = open.path;
    const release = folders.hold(folder(renamed, 0, 0));
    const pushed = folders.refresh();
    await host.answer(listed(folder('INBOX', 1, 0), ...next));
    await pushed;
    return { host, release };
  }

  it('stays in a folder this tab is renaming when the new list comes before the answer', async () => {
    const { host, release } = await renamingWhile(folder('Projects/2026', 4, 0), 'Projects', [
      folder('Work/2026', 4, 0),
    ]);
    expect(host.notices).toEqual([]);
    expect(host.opened).toEqual([]);
    // The rename's answer: the tab follows the folder, then lets go.
    host.view_.current = 'Work/2026';
    release();
    expect(host.notices).toEqual([]);
    expect(host.opened).toEqual([]);
  });

  it('leaves the folder after all once a rename that failed lets go of it', async () => {
    // Another client deleted it; this tab's rename is refused.
    const { host, release } = await renamingWhile(folder('Projects', 4, 0), 'Projects', []);
    expect(host.opened).toEqual([]);
    release();
    expect(host.notices).toEqual(['The folder “Projects” no longer exists; showing the Inbox.']);
    expect(host.opened).toEqual(['INBOX']);
  });
});
