/**
 * Decides, from the bytes a connection has received, whether it is alive. A half-open TCP
 * connection (packets silently dropped, a NAT that forgot the flow, a frozen server process)
 * raises no error: it just goes quiet, and IDLE waits forever (imapflow issues #14, #98).
 *
 * It is asked only at the moments it names, not on a fast interval: a gateway holds two
 * connections per account, and a thousand accounts ticking every second cost measurable CPU
 * at rest (bench many-accounts). The schedule:
 * - every `quietCheckMs` it looks at the byte counter; anything received since the last look
 *   means alive, nothing is sent;
 * - nothing received for a whole `quietCheckMs`: it sends a probe (NOOP), which any live server
 *   answers within milliseconds, and looks again after `answerMs`;
 * - still nothing: dead.
 * The last byte may have arrived just after a look, so a connection that dies is declared dead
 * after at most 2 × quietCheckMs + answerMs of silence, which the constructor makes equal to
 * `deadAfterMs`. A connection that is merely idle is probed about every quietCheckMs + answerMs.
 *
 * A connection with nothing to wait for (no command outstanding: the command connection
 * between requests) is not probed at all: its silence is normal, and a probe every ~20 s on
 * every such connection is what made a thousand quiet accounts cost CPU (bench many-accounts).
 * The IDLE connection always has its IDLE outstanding, so it is always watched. If a resting
 * connection died, the next command finds out: it is outstanding, so the usual schedule runs.
 * Pure: the caller feeds it the byte counter and whether anything is outstanding, and keeps
 * the timer.
 */
export interface SilenceVerdict {
  probe: boolean;
  dead: boolean;
  /** When to ask again, from now. */
  nextCheckMs: number;
}

/** Time a live server gets to answer a probe; it needs milliseconds, a busy gateway more. */
const MAX_ANSWER_MS = 5_000;

export class SilenceWatchdog {
  readonly quietCheckMs: number;
  readonly answerMs: number;
  private lastBytes: number;
  private probing = false;

  constructor(deadAfterMs: number, receivedBytes: number) {
    this.answerMs = Math.min(MAX_ANSWER_MS, deadAfterMs / 4);
    this.quietCheckMs = (deadAfterMs - this.answerMs) / 2;
    this.lastBytes = receivedBytes;
  }

  /** `awaiting`: a command (IDLE included) is waiting for the server's answer. */
  check(receivedBytes: number, awaiting = true): SilenceVerdict {
    const heard = receivedBytes !== this.lastBytes;
    this.lastBytes = receivedBytes;
    if (heard) {
      this.probing = false;
      return { probe: false, dead: false, nextCheckMs: this.quietCheckMs };
    }
    if (this.probing) return { probe: false, dead: true, nextCheckMs: 0 };
    if (!awaiting) return { probe: false, dead: false, nextCheckMs: this.quietCheckMs };
    this.probing = true;
    return { probe: true, dead: false, nextCheckMs: this.answerMs };
  }
}
