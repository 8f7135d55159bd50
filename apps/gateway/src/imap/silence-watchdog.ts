/**
 * Decides, from the bytes a connection has received, whether it is alive. A half-open TCP
 * connection (packets silently dropped, a NAT that forgot the flow, a frozen server process)
 * raises no error: it just goes quiet, and IDLE waits forever (imapflow issues #14, #98).
 *
 * Quiet for `probeAfterMs` → send a probe (NOOP) that any live server answers; quiet for
 * `deadAfterMs` → dead. Pure: the caller feeds it the clock and the byte counter.
 */
export interface SilenceVerdict {
  probe: boolean;
  dead: boolean;
}

export class SilenceWatchdog {
  private lastBytes = -1;
  private lastHeardAt: number;
  private probedAt = 0;

  constructor(
    private readonly probeAfterMs: number,
    private readonly deadAfterMs: number,
    now: number,
  ) {
    this.lastHeardAt = now;
  }

  check(receivedBytes: number, now: number): SilenceVerdict {
    if (receivedBytes !== this.lastBytes) {
      this.lastBytes = receivedBytes;
      this.lastHeardAt = now;
      this.probedAt = 0;
    }
    const quiet = now - this.lastHeardAt;
    const probe = quiet >= this.probeAfterMs && this.probedAt === 0;
    if (probe) this.probedAt = now;
    return { probe, dead: quiet >= this.deadAfterMs };
  }
}
