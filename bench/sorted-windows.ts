import { Events, type SortOrder } from '@tidings/protocol';
import { buildMessage, createRng, MailClient, type MailUser } from '@tidings/testkit';
import type { Stack } from '../e2e/support/stack.ts';
import { summarize } from './stats.ts';
import { ask, ok, openTab } from './tab-client.ts';

/** The orders measured: each needs the server's SORT (oldest first does not, so it is left out). */
const ORDERS: { name: string; sort: SortOrder }[] = [
  { name: 'senderAToZ', sort: { by: 'from', reverse: false } },
  { name: 'subjectAToZ', sort: { by: 'subject', reverse: false } },
  { name: 'largestFirst', sort: { by: 'size', reverse: true } },
  { name: 'dateSentNewestFirst', sort: { by: 'date', reverse: true } },
];
const JUMPS_PER_ORDER = 20;
/** Opens of the folder in sender order with no account session (as after sign-in). */
const COLD_OPENS = 5;
const ROWS = 50;
const SEED = 7;
const WAIT_MS = 60_000;
/** Between requests, as a user scrolls: keeps one tab under the gateway's 50 requests a second. */
const REQUEST_SPACING_MS = 50;

/**
 * Sorted windows of the big mailbox over a tab's socket: per order, the first window (the
 * server sorts the whole mailbox, Dovecot reading what its cache lacks), the same again (the
 * gateway's kept order), and windows at random positions; then a delivery, after which the
 * next window waits for a new SORT. Also what the kept orders cost the gateway per message.
 */
export async function sortedWindows(
  stack: Stack,
  user: MailUser,
  listStateBytes: () => number,
  messages: number,
) {
  const socket = await openTab(stack.url, user);
  const other = await MailClient.connect(stack.dovecot, user);
  try {
    const opened = ok(await ask(socket, Events.MailboxOpen, { mailbox: 'INBOX', limit: 1 }));
    const timedWindow = async (sort: SortOrder, offset: number) => {
      const started = performance.now();
      const answer = await ask(socket, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity: opened.uidValidity,
        offset,
        limit: ROWS,
        sort,
      });
      const ms = performance.now() - started;
      if (ok(answer).messages.length === 0) throw new Error(`empty window at ${offset}`);
      await new Promise((resolve) => setTimeout(resolve, REQUEST_SPACING_MS));
      return ms;
    };
    const rng = createRng(SEED);
    const orders: Record<string, unknown> = {};
    for (const { name, sort } of ORDERS) {
      const firstMs = await timedWindow(sort, 0);
      const againMs = await timedWindow(sort, 0);
      const jumps: number[] = [];
      for (let i = 0; i < JUMPS_PER_ORDER; i++) {
        jumps.push(await timedWindow(sort, Math.floor(rng() * (opened.total - ROWS))));
      }
      orders[name] = {
        firstWindowMs: Math.round(firstMs),
        sameWindowAgainMs: Math.round(againMs * 10) / 10,
        jumpMs: summarize(jumps),
      };
    }
    const bytesPerMessage = Math.round((listStateBytes() / messages) * 10) / 10;

    const arrived = new Promise<void>((resolve) =>
      socket.once(Events.MessageAdded, () => resolve()),
    );
    const raw = await buildMessage({
      from: 'Aaron Able <aaron@example.test>',
      to: [user.email],
      subject: 'A new one',
      text: 'Sorted into place.',
    });
    await other.append('INBOX', raw);
    await withTimeout(arrived, WAIT_MS);
    const afterDeliveryMs = await timedWindow(ORDERS[0]!.sort, 0);

    // Signing in with the folder opened newest first (the live order, which answers before the
    // folder's flags are all read) and in sender order (the folder's load, then SORT).
    socket.disconnect();
    const coldOpen = async (sort?: SortOrder) => {
      const times: number[] = [];
      for (let i = 0; i < COLD_OPENS; i++) {
        await stack.gateway.accounts.closeAll();
        const tab = await openTab(stack.url, user);
        const started = performance.now();
        const answer = await ask(tab, Events.MailboxOpen, {
          mailbox: 'INBOX',
          limit: ROWS,
          ...(sort && { sort }),
        });
        times.push(performance.now() - started);
        tab.disconnect();
        ok(answer);
      }
      return summarize(times);
    };
    const coldOpenMs = {
      newestFirst: await coldOpen(),
      senderAToZ: await coldOpen(ORDERS[0]!.sort),
    };

    return {
      what: `Over one tab's socket, ${ROWS}-row windows: per order, the first (SORT of the whole mailbox), the same again, ${JUMPS_PER_ORDER} at random positions; then one delivery and the next sender-order window (a new SORT); coldOpenMs: mailbox:open with the account session closed before, newest first and in sender order. bytesPerMessage: the gateway's list state with the two most recent orders kept.`,
      orders,
      afterDeliveryMs: Math.round(afterDeliveryMs),
      coldOpenMs,
      gatewayBytesPerMessageWithOrders: bytesPerMessage,
    };
  } finally {
    socket.disconnect();
    await other.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no push in ${ms} ms`)), ms)),
  ]);
}
