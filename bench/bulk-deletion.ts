import { Events } from '@tidings/protocol';
import { MailClient, type MailUser } from '@tidings/testkit';
import type { Stack } from '../e2e/support/stack.ts';
import { MailboxState } from '../apps/gateway/src/imap/mailbox-state.ts';
import { summarize } from './stats.ts';
import { ask, ok, openTab } from './tab-client.ts';

/** Every how many messages one is deleted: a tenth of the mailbox, spread over all of it. */
const EVERY = 10;
const WAIT_MS = 120_000;
/** Repeats of the in-process comparison (a few hundred ms each at 100,000). */
const STATE_REPEATS = 5;

/**
 * Another client deletes a tenth of the big mailbox at once (one UID EXPUNGE) while a tab
 * watches it: how long until the tab has every removal, and in how many pushes. Beside it, the
 * same removal applied to the gateway's state alone, one `remove` per message (how every
 * deletion was applied before `removeMany`) and in one pass, so the two are compared on the
 * same machine in the same run; and as a server without QRESYNC tells it (a run of EXPUNGE by
 * sequence number), one `removeAtSeq` each and in one pass (`removeAtSeqs`). Deletes from the
 * mailbox: run it last.
 */
export async function bulkDeletion(stack: Stack, user: MailUser) {
  const socket = await openTab(stack.url, user);
  const other = await MailClient.connect(stack.dovecot, user);
  try {
    const opened = ok(await ask(socket, Events.MailboxOpen, { mailbox: 'INBOX', limit: 1 }));
    const uids = await other.uids('INBOX');
    const gone = uids.filter((_, i) => i % EVERY === 0);
    let removed = 0;
    let pushes = 0;
    let lastAt = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('removals never all arrived')), WAIT_MS);
      socket.on(Events.MessageExpunged, (event) => {
        pushes += 1;
        removed += event.removed.length;
        if (removed < gone.length) return;
        lastAt = performance.now();
        clearTimeout(timer);
        resolve();
      });
    });
    const started = performance.now();
    await other.expunge('INBOX', gone);
    const serverMs = performance.now() - started;
    await done;
    return {
      messages: opened.total,
      deleted: gone.length,
      pushes,
      expungeCommandMs: Math.round(serverMs),
      tabHasAllMs: Math.round(lastAt - started),
      stateOnly: stateOnly(uids, new Set(gone)),
    };
  } finally {
    socket.disconnect();
    await other.close();
  }
}

/** The same removal on a MailboxState of the same UIDs: one `remove` each, then `removeMany`. */
function stateOnly(uids: number[], gone: Set<number>) {
  const messages = uids.map((uid) => ({ uid, flags: uid % 3 ? ['\\Seen'] : [] }));
  const time = (apply: (state: MailboxState) => void) => {
    const runs: number[] = [];
    for (let i = 0; i < STATE_REPEATS; i++) {
      const state = MailboxState.from('INBOX', 1, messages);
      const started = performance.now();
      apply(state);
      runs.push(performance.now() - started);
      if (state.total !== uids.length - gone.size) throw new Error('removal left the wrong count');
    }
    return summarize(runs);
  };
  // Ascending UID, as the pushes list them (each removal leaves the later positions intact).
  const ascending = [...gone].sort((a, b) => a - b);
  // Without QRESYNC the same deletion is a run of EXPUNGE by sequence number. Lowest first each
  // names the numbering the ones before it left: the i-th gone message is then number
  // (its place among all) − i.
  const indexOf = new Map([...uids].sort((a, b) => a - b).map((uid, index) => [uid, index]));
  const seqs = ascending.map((uid, i) => indexOf.get(uid)! + 1 - i);
  const check = MailboxState.from('INBOX', 1, messages).removeAtSeqs(seqs);
  if (check.map((r) => r.uid).join() !== ascending.join()) {
    throw new Error('removeAtSeqs removed other messages than the run names');
  }
  return {
    removeEachMs: time((state) => {
      for (const uid of ascending) state.remove(uid);
    }),
    removeManyMs: time((state) => void state.removeMany(ascending)),
    removeAtSeqEachMs: time((state) => {
      for (const seq of seqs) state.removeAtSeq(seq);
    }),
    removeAtSeqsMs: time((state) => void state.removeAtSeqs(seqs)),
  };
}
