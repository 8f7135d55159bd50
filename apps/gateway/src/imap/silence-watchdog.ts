/**
 * Decides, from when a connection last received a byte, whether it is alive. A half-open TCP
 * connection (packets silently dropped, a NAT that forgot the flow, a frozen server process)
 * raises no error: it just goes quiet, and IDLE waits forever (imapflow issues #14, #98).
 *
 * It is asked only at the moments it names, not on a fast interval: a gateway holds two
 * connections per account, and a thousand accounts ticking every second cost measurable CPU
 * at rest (bench many-accounts). The schedule, from the last byte received:
 * - `quietMs` after it, it looks; a byte received since means alive, and the next look is
 *   `quietMs` after that byte;
 * - nothing received for `quietMs`: it sends a probe (NOOP), which any live server answers
 *   within milliseconds, and looks again after `answerMs`;
 * - still nothing: dead.
 * So a connection that dies is declared dead `quietMs + answerMs` = `deadAfterMs` after its
 * last byte. A server keepalive (Dovecot's `* OK Still here`) that comes more often than
 * `quietMs` means no probe is ever sent; one that comes less often, or none, means a probe
 * about every `quietMs + answerMs`. Timing from the last byte, not from the last look, is what
 * lets a keepalive every 30 s prove a connection alive for a dead period of 40 s: looks at fixed
 * intervals would need two per dead period, and so a keepalive at least every 17.5 s.
 *
 * A connection with nothing to wait for (no command outstanding: the command connection
 * between requests) is not probed at all: its silence is normal, and a probe every ~20 s on
 * every such connection is what made a thousand quiet accounts cost CPU (bench many-accounts).
 * Its silence is then counted only from the last look that found it resting, so a command
 * sent after minutes of rest is not taken for a dead connection at once. The IDLE connection
 * always has its IDLE outstanding, so it is always watched. If a resting connection died, the
 * next command finds out: it is outstanding, so the usual schedule runs.
 * Pure: the caller feeds it the times (one clock, in ms) and whether anything is outstanding,
 * and keeps the timer.
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
  /** Silence after which a probe goes out. */
  readonly quietMs: number;
  readonly answerMs: number;
  /** Silence is counted from this or the last byte, whichever is later. */
  private quietSince: number;
  private probedAt: number | null = null;

  constructor(deadAfterMs: number, now: number) {
    this.answerMs = Math.min(MAX_ANSWER_MS, deadAfterMs / 4);
    this.quietMs = deadAfterMs - this.answerMs;
    this.quietSince = now;
  }

  /**
   * `heardAt`: when the last byte was received. `awaiting`: a command (IDLE included) is
   * waiting for the server's answer.
   */
  check(heardAt: number, now: number, awaiting = true): SilenceVerdict {
    if (this.probedAt !== null) {
      if (heardAt <= this.probedAt) return { probe: false, dead: true, nextCheckMs: 0 };
      this.probedAt = null;
    }
    if (!awaiting) {
      this.quietSince = now;
      return { probe: false, dead: false, nextCheckMs: this.quietMs };
    }
    const silentMs = now - Math.max(heardAt, this.quietSince);
    if (silentMs < this.quietMs) {
      return { probe: false, dead: false, nextCheckMs: this.quietMs - silentMs };
    }
    this.probedAt = now;
    return { probe: true, dead: false, nextCheckMs: this.answerMs };
  }
}
