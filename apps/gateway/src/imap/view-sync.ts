import type { ImapFlow } from 'imapflow';

/**
 * A connection's view of a mailbox only moves when the server tells that connection, and a UID
 * command on a message outside the view finds nothing (RFC 3501 §6.4.8). The idle connection
 * is told of new mail with its rows (NOTIFY) and the tabs show it at once; the command
 * connection, which acts on their requests, has heard nothing yet. Likewise for another
 * folder whose counts NOTIFY (or a sweep) reported changed: the command connection may still
 * have it selected from an earlier request, and Dovecot answers a SEARCH there from the old
 * view (test/command-view.test.ts). So a mailbox the account heard change is marked, and the
 * command connection's next lock on it first lets the server catch the view up (NOOP, which
 * Dovecot answers with the EXISTS); one it selects afresh gets the NOOP too, a round trip spare.
 */
export class ViewSync {
  private readonly changed = new Set<string>();

  /** Another connection was told that `path` changed (new messages, other counts). */
  noteChange(path: string): void {
    this.changed.add(path);
  }

  /** Makes `client`'s mailbox locks catch a changed mailbox's view up before they are held. */
  attach(client: ImapFlow): void {
    const lock = client.getMailboxLock.bind(client);
    client.getMailboxLock = async (path, options) => {
      const held = await lock(path, options);
      // imapflow's own spelling of the path (INBOX in any case), as the idle connection has it.
      const selected = client.mailbox ? client.mailbox.path : null;
      if (selected === null || !this.changed.delete(selected)) return held;
      try {
        await client.noop();
      } catch (error) {
        this.changed.add(selected);
        held.release();
        throw error;
      }
      return held;
    };
  }
}
