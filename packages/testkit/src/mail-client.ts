import { ImapFlow } from 'imapflow';
import type { Dovecot, MailUser } from './dovecot.ts';

const CONNECT_TIMEOUT_MS = 10_000;

export interface AppendedMessage {
  uid: number;
  uidValidity: number;
}

export interface MailboxCounts {
  messages: number;
  unseen: number;
  uidValidity: number;
  uidNext: number;
}

/**
 * "Another mail client": acts on the server the way a phone or desktop client would, so tests
 * can change a mailbox behind the gateway's back. Every method names its mailbox and works by UID.
 */
export class MailClient {
  private constructor(readonly imap: ImapFlow) {
    // Without a listener an 'error' event (e.g. after a kick) would crash the test process;
    // the failed command itself still rejects, which is what a test sees.
    imap.on('error', () => {});
  }

  static async connect(
    dovecot: Pick<Dovecot, 'host' | 'imapPort'>,
    user: MailUser,
  ): Promise<MailClient> {
    const imap = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      // The private Dovecot speaks cleartext on loopback only: no STARTTLS to try.
      doSTARTTLS: false,
      auth: { user: user.email, pass: user.password },
      logger: false,
      // Commands only; a test that wants pushes sets up its own idling connection.
      disableAutoIdle: true,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
    });
    const client = new MailClient(imap);
    await imap.connect();
    return client;
  }

  async append(
    mailbox: string,
    raw: string | Buffer,
    flags: string[] = [],
    date?: Date,
  ): Promise<AppendedMessage> {
    const result = await this.imap.append(mailbox, raw, flags, date);
    if (!result || result.uid === undefined || result.uidValidity === undefined) {
      throw new Error(`APPEND to ${mailbox} failed or returned no APPENDUID`);
    }
    return { uid: result.uid, uidValidity: Number(result.uidValidity) };
  }

  async addFlags(mailbox: string, uids: number[], flags: string[]): Promise<void> {
    if (uids.length === 0) return;
    await this.inMailbox(mailbox, async () => {
      if (!(await this.imap.messageFlagsAdd(uids, flags, { uid: true }))) {
        throw new Error(`UID STORE +FLAGS ${flags.join(' ')} in ${mailbox} failed`);
      }
    });
  }

  async removeFlags(mailbox: string, uids: number[], flags: string[]): Promise<void> {
    if (uids.length === 0) return;
    await this.inMailbox(mailbox, async () => {
      if (!(await this.imap.messageFlagsRemove(uids, flags, { uid: true }))) {
        throw new Error(`UID STORE -FLAGS ${flags.join(' ')} in ${mailbox} failed`);
      }
    });
  }

  /** Sets \Deleted on exactly these UIDs and removes only them (UID EXPUNGE, RFC 4315). */
  async expunge(mailbox: string, uids: number[]): Promise<void> {
    if (uids.length === 0) return;
    if (!this.imap.capabilities.has('UIDPLUS')) {
      throw new Error('server lacks UIDPLUS: a plain EXPUNGE could remove other messages');
    }
    await this.inMailbox(mailbox, async () => {
      if (!(await this.imap.messageDelete(uids, { uid: true }))) {
        throw new Error(`UID EXPUNGE in ${mailbox} failed`);
      }
    });
  }

  async move(mailbox: string, uids: number[], destination: string): Promise<void> {
    if (uids.length === 0) return;
    await this.inMailbox(mailbox, async () => {
      if (!(await this.imap.messageMove(uids, destination, { uid: true }))) {
        throw new Error(`UID MOVE from ${mailbox} to ${destination} failed`);
      }
    });
  }

  async createMailbox(path: string): Promise<void> {
    await this.imap.mailboxCreate(path);
  }

  async deleteMailbox(path: string): Promise<void> {
    // Dovecot refuses to delete the selected mailbox's directory from under the session.
    if (this.imap.mailbox && this.imap.mailbox.path === path) await this.imap.mailboxClose();
    await this.imap.mailboxDelete(path);
  }

  /** Every folder that can hold messages (not \\Noselect), by path. */
  async folders(): Promise<string[]> {
    const entries = await this.imap.list();
    return entries
      .filter((entry) => ![...entry.flags].some((flag) => /^\\(noselect|nonexistent)$/i.test(flag)))
      .map((entry) => entry.path);
  }

  /**
   * Every subscription (LSUB), also of a folder that no longer exists, which imapflow's list()
   * does not show.
   */
  async subscriptions(): Promise<string[]> {
    const raw = this.imap as unknown as {
      exec(
        command: string,
        attributes: unknown[],
        options: {
          untagged: Record<string, (untagged: { attributes: unknown[] }) => Promise<void>>;
        },
      ): Promise<{ next(): void }>;
    };
    const names: string[] = [];
    const response = await raw.exec('LSUB', ['', '*'], {
      untagged: {
        LSUB: async ({ attributes }) => {
          const name = (attributes[2] as { value?: unknown } | undefined)?.value;
          if (name !== undefined) names.push(decodeModifiedUtf7(String(name)));
        },
      },
    });
    response.next();
    return names;
  }

  /** The raw source of one message, as it is stored ('' when there is none). */
  async source(mailbox: string, uid: number): Promise<string> {
    return this.inMailbox(mailbox, async () => {
      const message = await this.imap.fetchOne(String(uid), { source: true }, { uid: true });
      return message && message.source ? message.source.toString('utf8') : '';
    });
  }

  /** All UIDs in the mailbox, ascending. */
  async uids(mailbox: string): Promise<number[]> {
    return this.inMailbox(mailbox, () => this.searchAll(mailbox));
  }

  /** UID -> flags (sorted) of every message. \Recent is left out: it is per session, not state. */
  async flags(mailbox: string): Promise<Map<number, string[]>> {
    return this.inMailbox(mailbox, async () => {
      const uids = await this.searchAll(mailbox);
      const flags = new Map<number, string[]>();
      if (uids.length === 0) return flags;
      for (const message of await this.imap.fetchAll(
        uids,
        { uid: true, flags: true },
        { uid: true },
      )) {
        flags.set(
          message.uid,
          [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
        );
      }
      return flags;
    });
  }

  async status(mailbox: string): Promise<MailboxCounts> {
    const status = await this.imap.status(mailbox, {
      messages: true,
      unseen: true,
      uidValidity: true,
      uidNext: true,
    });
    if (!status) throw new Error(`STATUS ${mailbox} failed`);
    return {
      messages: status.messages ?? 0,
      unseen: status.unseen ?? 0,
      uidValidity: Number(status.uidValidity ?? 0),
      uidNext: status.uidNext ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.imap.usable) {
      try {
        await this.imap.logout();
        return;
      } catch {
        // fall through to a hard close
      }
    }
    this.imap.close();
  }

  private async searchAll(mailbox: string): Promise<number[]> {
    const found = await this.imap.search({ all: true }, { uid: true });
    if (!Array.isArray(found)) throw new Error(`UID SEARCH ALL in ${mailbox} failed`);
    return [...found].sort((a, b) => a - b);
  }

  private async inMailbox<T>(mailbox: string, work: () => Promise<T>): Promise<T> {
    const lock = await this.imap.getMailboxLock(mailbox);
    try {
      // A mailbox that stays selected shows other sessions' changes only once the server
      // syncs it, which Dovecot does after a command, not before: NOOP first, or a fresh
      // UID is unknown to STORE/SEARCH here (RFC 3501 section 6.1.2).
      await this.imap.noop();
      return await work();
    } finally {
      lock.release();
    }
  }
}

/** A mailbox name as IMAP sends it (RFC 3501 §5.1.3): `&-` is `&`, `&…-` modified base64 UTF-16. */
function decodeModifiedUtf7(name: string): string {
  return name.replace(/&([A-Za-z0-9+,]*)-/g, (_, encoded: string) => {
    if (encoded === '') return '&';
    const bytes = Buffer.from(encoded.replace(/,/g, '/'), 'base64');
    let text = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      text += String.fromCharCode(bytes.readUInt16BE(i));
    return text;
  });
}
