import type { ImapFlow } from 'imapflow';
import type { ImapLink } from '../imap/imap-link.ts';
import { SortConnection } from '../imap/sort-connection.ts';
import { ViewSync } from '../imap/view-sync.ts';
import { toAccountError } from './account-error.ts';
import { AccountCompose } from './account-compose.ts';
import { accountLinks } from './account-links.ts';
import { AccountPushes } from './account-pushes.ts';
import type { AccountSessionOptions } from './account-session.ts';
import { FolderAdmin } from './folder-admin.ts';
import { FolderCounts } from './folder-counts.ts';
import { InboxArrivals } from './inbox-arrivals.ts';
import { MessageActions } from './message-actions.ts';
import { RestoredMail } from './restored-mail.ts';
import { WatchTarget } from './watch-target.ts';
import { WatchedMailbox } from './watched-mailbox.ts';

/** How long a request waits for a connection before answering IMAP_UNAVAILABLE. */
const CONNECTION_READY_TIMEOUT_MS = 10_000;

/** The parts of one account session, each with one job; AccountSession is their facade. */
export interface AccountParts {
  idle: ImapLink;
  command: ImapLink;
  pushes: AccountPushes;
  watched: WatchedMailbox;
  sorting: SortConnection;
  /** Catches the command connection's view up with new mail the idle connection was told of. */
  views: ViewSync;
  folders: FolderCounts;
  arrivals: InboxArrivals;
  actions: MessageActions;
  folderAdmin: FolderAdmin;
  compose: AccountCompose;
  target: WatchTarget;
  /** The command connection once it is up, or IMAP_UNAVAILABLE after a while. */
  commandClient: () => Promise<ImapFlow>;
}

/** What the parts tell the session. */
export interface AccountPartsHooks {
  /** The watched mailbox loaded: the account's status may be Live now. */
  loaded: () => void;
}

/**
 * Builds an account's parts and wires them to each other: who pushes, who is told of new mail,
 * who refreshes the folder counts after an action. Each part reaches the others only through
 * the callbacks given here.
 */
export function assembleAccount(
  options: AccountSessionOptions,
  hooks: AccountPartsHooks,
): AccountParts {
  const { logger, server, credentials } = options;
  const views = new ViewSync();
  const pushes = new AccountPushes(
    options.sink,
    (counts) => folders.noteTold(counts.mailbox, counts),
    options.firstSeq,
  );
  const push = pushes.push.bind(pushes);
  const { idle, command } = accountLinks(options, {
    idle: (client) => target.onIdleConnected(client),
    command: async (client) => views.attach(client),
  });
  const commandClient = async () => {
    try {
      return await command.ready(CONNECTION_READY_TIMEOUT_MS);
    } catch (error) {
      throw toAccountError(error);
    }
  };
  const foldersChanged = () => void folders.refresh().catch(() => undefined);
  const sorting = new SortConnection({ server, credentials, logger, fallback: commandClient });
  const restored = new RestoredMail();
  const restoredAmong = (path: string, uidValidity: number, uids: number[]) =>
    restored.among(path, uidValidity, uids);
  const watched: WatchedMailbox = new WatchedMailbox({
    logger,
    commandClient,
    sortOn: (work) => sorting.use(work),
    push,
    isCurrentIdle: (client) => client === idle.connection,
    pushesNewMessages: (client) => folders.pushesNewMessages(client),
    currentSeq: () => pushes.seq,
    onMessagesAdded: (path, uids) =>
      arrivals.noteShown(path, watched.state?.uidValidity ?? 0, uids),
    restoredAmong,
  });
  const arrivals = new InboxArrivals({ logger, commandClient, push, restoredAmong });
  const actions = new MessageActions({ commandClient, watched, restored, foldersChanged });
  const folderAdmin = new FolderAdmin({
    commandClient,
    folderListChanged: () => target.folderListChanged(),
    foldersChanged,
    deleteForGood: async (path, uidValidity, uids) =>
      (await actions.delete(path, uidValidity, uids, true)).moved,
    addFlags: async (path, uidValidity, uids, flags) =>
      void (await actions.setFlags(path, uidValidity, uids, flags, [])),
    move: (path, uidValidity, uids, destination) =>
      actions.move(path, uidValidity, uids, destination),
  });
  // Own changes made while writing go the same way as a tab's: every tab hears at once.
  const compose = new AccountCompose({
    accountId: options.accountId,
    credentials,
    logger,
    commandClient,
    setFlags: (path, uidValidity, uids, add) => actions.setFlags(path, uidValidity, uids, add, []),
    expunge: (path, uidValidity, uids) => actions.delete(path, uidValidity, uids, true),
    foldersChanged,
  });
  const folders: FolderCounts = new FolderCounts({
    logger,
    mode: options.folderWatch,
    sweepMs: options.statusSweepMs,
    commandClient,
    push,
    watched: () => {
      const state = watched.state;
      return state ? { path: state.path, total: state.total, unread: state.unread } : null;
    },
    onInboxGrew: (added) => arrivals.noteGrowth(added),
    onCountsChanged: (path) => views.noteChange(path),
    onNewMessage: (client, summary) => {
      if (client.mailbox) views.noteChange(client.mailbox.path);
      watched.onPushedRow(client, summary);
    },
    onFolderListChanged: () => target.folderListChanged(),
  });
  const target: WatchTarget = new WatchTarget({
    idleReady: () => idle.ready(CONNECTION_READY_TIMEOUT_MS),
    idleClient: () => idle.client,
    commandClient,
    watched,
    folders,
    push,
    onLoaded: hooks.loaded,
  });
  return {
    idle,
    command,
    pushes,
    watched,
    sorting,
    views,
    folders,
    arrivals,
    actions,
    folderAdmin,
    compose,
    target,
    commandClient,
  };
}
