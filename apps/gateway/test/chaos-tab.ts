import {
  PROTOCOL_VERSION,
  Events,
  type Ack,
  type MailboxInfo,
  type MessageWindow,
  type SortOrder,
} from '@tidings/protocol';
import {
  connected,
  openSocket,
  request,
  unwrap,
  type ClientSocket,
  type TestGateway,
} from './harness.ts';

interface Counts {
  total: number;
  unread: number;
}

/** The requests a push can ask of a tab, redone later if the server was down. */
type Retry = 'reload' | 'relist';

/**
 * A browser tab reduced to what convergence needs: the open mailbox as UID → flags, built from
 * one window and then only from pushes (replayed after reconnects), plus every folder's counts.
 * It reloads only when the gateway says so (account:resync, mailbox:reset), so the push stream
 * and its replay are what is tested.
 */
export class ChaosTab {
  socket!: ClientSocket;
  readonly messages = new Map<number, string[]>();
  readonly counts = new Map<string, Counts>();
  /** UIDs a push added while already present: must stay empty. */
  readonly duplicates: number[] = [];
  private baseline = 0;
  private lastSeq: number | undefined;
  private uidValidity = 0;
  private reloading: Promise<void> | null = null;
  private readonly pendingRetries = new Set<Retry>();
  /** The gateway's last word on its IMAP link. */
  imapState = 'connecting';
  /** When the last push of any kind arrived. */
  lastPushAt = Date.now();

  constructor(
    private readonly gw: TestGateway,
    private readonly cookie: string,
    readonly mailbox: string,
  ) {}

  async connect(): Promise<void> {
    const socket = openSocket(this.gw, this.cookie, {
      protocolVersion: PROTOCOL_VERSION,
      lastSeq: this.lastSeq,
    });
    this.socket = socket;
    socket.onAny(() => (this.lastPushAt = Date.now()));
    socket.on(Events.AccountStatus, (s) => (this.imapState = s.imap));
    // The open mailbox's counts come with its list events, as apps/web applies them.
    socket.on(Events.MessageAdded, (e) => {
      if (!this.fresh(e.seq)) return;
      this.counts.set(e.mailbox, { total: e.total, unread: e.unread });
      if (e.mailbox !== this.mailbox) return;
      for (const m of e.messages) {
        if (this.messages.has(m.uid)) this.duplicates.push(m.uid);
        this.messages.set(m.uid, m.flags);
      }
    });
    socket.on(Events.MessageExpunged, (e) => {
      if (!this.fresh(e.seq)) return;
      this.counts.set(e.mailbox, { total: e.total, unread: e.unread });
      if (e.mailbox !== this.mailbox) return;
      for (const r of e.removed) this.messages.delete(r.uid);
    });
    socket.on(Events.MessageFlagsChanged, (e) => {
      if (!this.fresh(e.seq)) return;
      this.counts.set(e.mailbox, { total: e.total, unread: e.unread });
      if (e.mailbox !== this.mailbox) return;
      for (const c of e.changes) if (this.messages.has(c.uid)) this.messages.set(c.uid, c.flags);
    });
    socket.on(Events.MailboxCountsChanged, (e) => {
      if (!this.fresh(e.seq)) return;
      this.counts.set(e.mailbox, { total: e.total, unread: e.unread });
    });
    socket.on(Events.MailboxReset, (e) => {
      if (this.fresh(e.seq) && e.mailbox === this.mailbox) this.retryable('reload');
    });
    socket.on(Events.MailboxListChanged, (e) => {
      if (this.fresh(e.seq)) this.retryable('relist');
    });
    socket.on(Events.AccountResync, (e) => {
      this.lastSeq = e.seq;
      this.retryable('reload');
    });
    await connected(socket);
    if (this.lastSeq === undefined) await this.reload();
  }

  /** Drops the socket (as a network blip would) and comes back with the last seq applied. */
  async drop(): Promise<void> {
    this.socket.disconnect();
    await new Promise((r) => setTimeout(r, 20));
    await this.connect();
  }

  /** True while a reload or relist that failed (the server was down) still has to be redone. */
  get stale(): boolean {
    return this.pendingRetries.size > 0;
  }

  async settled(): Promise<void> {
    while (this.reloading) await this.reloading.catch(() => undefined);
    // What failed while the server was away is asked again, as a tab does once it is back.
    for (const kind of [...this.pendingRetries]) {
      this.pendingRetries.delete(kind);
      await this.run(kind).catch(() => this.pendingRetries.add(kind));
    }
  }

  /** Runs a request a push asked for; if it fails (server down), settled() asks again. */
  private retryable(kind: Retry): void {
    this.run(kind).catch(() => this.pendingRetries.add(kind));
  }

  private run(kind: Retry): Promise<void> {
    return kind === 'reload' ? this.reload() : this.relist();
  }

  close(): void {
    this.socket.disconnect();
  }

  /** The open mailbox's first rows in `sort`, from the order the gateway keeps for it. */
  sorted(sort: SortOrder): Promise<Ack<MessageWindow>> {
    return request(this.socket, Events.MessageList, {
      mailbox: this.mailbox,
      uidValidity: this.uidValidity,
      offset: 0,
      limit: 500,
      sort,
    });
  }

  private fresh(seq: number): boolean {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
    return seq > this.baseline;
  }

  private reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        await this.relist();
        const window = unwrap(
          await request(this.socket, Events.MailboxOpen, { mailbox: this.mailbox, limit: 500 }),
        );
        this.uidValidity = window.uidValidity;
        this.baseline = window.seq;
        this.messages.clear();
        for (const m of window.messages) this.messages.set(m.uid, m.flags);
        this.counts.set(this.mailbox, { total: window.total, unread: window.unread });
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private async relist(): Promise<void> {
    const { mailboxes } = unwrap(await request(this.socket, Events.MailboxList, {}));
    for (const m of mailboxes as MailboxInfo[])
      this.counts.set(m.path, { total: m.total, unread: m.unread });
  }

  get openUidValidity(): number {
    return this.uidValidity;
  }
}
