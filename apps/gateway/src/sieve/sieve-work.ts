/** ManageSieve sessions one gateway process opens at once; the rest wait their turn. */
const MAX_SESSIONS = 16;

interface AccountWork<R> {
  /** The account's last change, settled or not: what the next change and read wait for. */
  tail: Promise<unknown>;
  /** A read asked for and not yet begun: whoever asks now shares it. */
  nextRead: Promise<R> | null;
  /** Reads and changes not yet answered: the entry goes when none is left. */
  pending: number;
}

/**
 * The order of one process's ManageSieve work. Per account (by `key`): changes one after
 * another, each planned from what the one before stored (two tabs saving automatic replies and
 * filter rules at once would otherwise each rewrite the chain from the same old state, and one
 * would drop the other's script from it); reads wait for the changes asked before them, and the
 * tabs that ask before a read has begun share it (one begun may already be out of date for a
 * later asker, so that one gets the next). Across accounts, at most `maxSessions`
 * sessions at once: after a gateway restart every tab reconnects and asks whether automatic
 * replies are on, and that must not become one login per tab at the same instant.
 */
export class SieveWork<R> {
  private readonly accounts = new Map<string, AccountWork<R>>();
  private open = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxSessions = MAX_SESSIONS) {}

  read(key: string, read: () => Promise<R>): Promise<R> {
    const account = this.account(key);
    if (!account.nextRead) {
      const next: Promise<R> = account.tail.then(() =>
        this.session(() => {
          if (account.nextRead === next) account.nextRead = null;
          return read();
        }),
      );
      account.nextRead = next;
    }
    return this.settle(key, account, account.nextRead);
  }

  change<T>(key: string, change: () => Promise<T>): Promise<T> {
    const account = this.account(key);
    const done = account.tail.then(() => this.session(change));
    account.tail = done.catch(() => undefined);
    return this.settle(key, account, done);
  }

  /** Accounts with work under way (for tests: nothing is kept once answered). */
  get busyAccounts(): number {
    return this.accounts.size;
  }

  private account(key: string): AccountWork<R> {
    let account = this.accounts.get(key);
    if (!account) {
      account = { tail: Promise.resolve(), nextRead: null, pending: 0 };
      this.accounts.set(key, account);
    }
    return account;
  }

  private settle<T>(key: string, account: AccountWork<R>, work: Promise<T>): Promise<T> {
    account.pending++;
    const done = () => {
      if (--account.pending === 0 && this.accounts.get(key) === account) this.accounts.delete(key);
    };
    work.then(done, done);
    return work;
  }

  private async session<T>(use: () => Promise<T>): Promise<T> {
    if (this.open >= this.maxSessions) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.open++;
    }
    try {
      return await use();
    } finally {
      // Handed straight to the next in line, or given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.open--;
    }
  }
}
