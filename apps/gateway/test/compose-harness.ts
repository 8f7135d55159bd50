import { simpleParser, type ParsedMail } from 'mailparser';
import {
  CSRF_HEADER,
  Events,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_PATH,
  type Draft,
  type MessageRef,
  type UploadResult,
} from '@tidings/protocol';
import {
  freeLoopbackPort,
  MailClient,
  sieveConfig,
  startDovecot,
  startPostfix,
  type Dovecot,
  type MailUser,
  type Postfix,
} from '@tidings/testkit';
import type { GatewayConfig } from '../src/create-gateway.ts';
import type { SieveServer } from '../src/sieve/managesieve.ts';
import {
  connected,
  EventLog,
  openSocket,
  request,
  signIn,
  sleep,
  startTestGateway,
  type ClientSocket,
  type SignedIn,
  type TestGateway,
  unwrap,
} from './harness.ts';

const DELIVERY_TIMEOUT_MS = 10_000;
/** How long inboxRef waits for the gateway to see a message arrive. */
const ARRIVAL_TIMEOUT_MS = 5_000;
const DELIVERY_POLL_MS = 50;

/** A private Dovecot, a Postfix delivering into it, and a gateway submitting to that Postfix. */
export interface MailWorld {
  dovecot: Dovecot;
  postfix: Postfix;
  gw: TestGateway;
  /** Where the gateway stores filters, when started with `sieve`. */
  sieve: SieveServer | null;
  clients: MailClient[];
  sockets: ClientSocket[];
  stop(): Promise<void>;
}

/**
 * `sieve`: Dovecot also runs Sieve on delivery and serves ManageSieve, and sends what scripts
 * send (automatic replies) through the Postfix; the gateway stores filters there.
 */
export async function startMailWorld(
  overrides: Partial<GatewayConfig> = {},
  { sieve = false }: { sieve?: boolean } = {},
): Promise<MailWorld> {
  const ports = sieve
    ? { managesievePort: await freeLoopbackPort(), submissionPort: await freeLoopbackPort() }
    : null;
  const dovecot = await startDovecot(ports ? { extraConfig: sieveConfig(ports) } : {});
  const postfix = await startPostfix({ dovecot, relayPort: ports?.submissionPort });
  const sieveServer: SieveServer | null = ports && {
    host: '127.0.0.1',
    port: ports.managesievePort,
    security: 'none',
  };
  const gw = await startTestGateway(dovecot, {
    smtp: { host: postfix.host, port: postfix.smtpPort, security: 'none' },
    sieve: sieveServer,
    ...overrides,
  });
  const clients: MailClient[] = [];
  const sockets: ClientSocket[] = [];
  return {
    dovecot,
    postfix,
    gw,
    sieve: sieveServer,
    clients,
    sockets,
    async stop() {
      for (const socket of sockets) socket.disconnect();
      for (const client of clients) await client.close().catch(() => undefined);
      await gw.close();
      await postfix.stop();
      await dovecot.stop();
    },
  };
}

export interface Tab {
  socket: ClientSocket;
  events: EventLog;
}

export interface Person {
  user: MailUser;
  session: SignedIn;
  /** Another mail client on the same account, to check what the gateway did. */
  imap: MailClient;
  tab: Tab;
  openTab(): Promise<Tab>;
}

let people = 0;

export async function person(world: MailWorld, name: string): Promise<Person> {
  const user = { email: `${name}${++people}@example.test`, password: `${name}-pw-${people}` };
  await world.dovecot.addUser(user);
  const imap = await MailClient.connect(world.dovecot, user);
  world.clients.push(imap);
  const session = await signIn(world.gw, user.email, user.password);
  const openTab = async (): Promise<Tab> => {
    const socket = openSocket(world.gw, session.cookie);
    world.sockets.push(socket);
    const events = new EventLog(socket);
    await connected(socket);
    return { socket, events };
  };
  return { user, session, imap, tab: await openTab(), openTab };
}

export function draft(fields: Partial<Draft> & Pick<Draft, 'to'>): Draft {
  return { subject: 'Hello', text: 'Hello there.', ...fields };
}

export function send(tab: Tab, message: Draft) {
  return request(tab.socket, Events.MessageSend, { draft: message });
}

export function saveDraft(tab: Tab, message: Draft) {
  return request(tab.socket, Events.DraftSave, { draft: message });
}

export function upload(
  gw: TestGateway,
  session: SignedIn,
  content: Buffer | ReadableStream<Uint8Array>,
  filename: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(new URL(UPLOAD_PATH, gw.url), {
    method: 'POST',
    headers: {
      origin: gw.origin,
      cookie: session.cookie,
      [CSRF_HEADER]: session.csrfToken,
      [UPLOAD_FILENAME_HEADER]: encodeURIComponent(filename),
      'content-type': 'application/octet-stream',
      ...headers,
    },
    body: content,
    duplex: 'half',
  } as RequestInit);
}

export async function uploaded(
  gw: TestGateway,
  session: SignedIn,
  content: Buffer,
  filename: string,
  contentType = 'application/octet-stream',
): Promise<UploadResult> {
  const res = await upload(gw, session, content, filename, { 'content-type': contentType });
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as UploadResult;
}

export interface StoredMessage {
  uid: number;
  flags: Set<string>;
  source: Buffer;
  parsed: ParsedMail;
}

/** The messages in `mailbox` (with source, parsed) as another client sees them. */
export async function messagesIn(client: MailClient, mailbox: string): Promise<StoredMessage[]> {
  const lock = await client.imap.getMailboxLock(mailbox);
  try {
    await client.imap.noop();
    if (!client.imap.mailbox || client.imap.mailbox.exists === 0) return [];
    const fetched = await client.imap.fetchAll('1:*', { uid: true, flags: true, source: true });
    return Promise.all(
      fetched.map(async (m) => ({
        uid: m.uid,
        // \Recent is per session, not state.
        flags: new Set([...(m.flags ?? [])].filter((f) => f !== '\\Recent')),
        source: m.source!,
        parsed: await simpleParser(m.source!),
      })),
    );
  } finally {
    lock.release();
  }
}

/** Waits until a message with `subject` is in the mailbox (delivery by Postfix is asynchronous). */
export async function arrived(
  world: MailWorld,
  client: MailClient,
  subject: string,
  mailbox = 'INBOX',
): Promise<StoredMessage> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    const found = (await messagesIn(client, mailbox)).find((m) => m.parsed.subject === subject);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`"${subject}" never arrived in ${mailbox}\n${await world.postfix.log()}`);
    await sleep(DELIVERY_POLL_MS);
  }
}

/** The message as a tab names it, once the gateway has seen it arrive (IDLE, ~0.5 s). */
export async function inboxRef(who: Person, subject: string): Promise<MessageRef> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  for (;;) {
    const window = unwrap(await request(who.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const summary = window.messages.find((m) => m.subject === subject);
    if (summary) return { mailbox: 'INBOX', uidValidity: window.uidValidity, uid: summary.uid };
    if (Date.now() > deadline) throw new Error(`no "${subject}" in ${who.user.email}'s INBOX`);
    await sleep(100);
  }
}
