/**
 * One server read shared by everyone who asks for it at about the same time, without ever
 * answering with a value read before the asker asked.
 *
 * Every tab of an account asks the quota after the same burst of mail (the web app's useQuota
 * waits for the burst to settle), so N tabs would send N GETQUOTAROOTs within a few ms. Handing
 * a later asker the read already on the wire could answer with what the server said before
 * that asker's reason to ask (new mail) existed; so askers arriving while a read is running
 * wait for the next one, which starts when it ends and is shared by all of them. However many
 * ask, at most two reads run per burst: one running, one queued.
 */
export class CoalescedRead<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<T> {
    this.queued = null;
    return this.start();
  }

  private start(): Promise<T> {
    const running = (async () => this.read())();
    this.running = running;
    const done = () => {
      if (this.running === running) this.running = null;
    };
    running.then(done, done);
    return running;
  }
}
