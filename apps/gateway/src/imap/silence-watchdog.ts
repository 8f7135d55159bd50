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
 * What a connection waits for decides how its silence is judged (`Waiting`):
 * - `idle`: IDLE (or, on the IDLE connection, nothing yet): the schedule above. A NOOP ends the
 *   IDLE and is answered at once.
 * - `command`: a command other than IDLE is in flight. A probe would be pointless: imapflow sends
 *   one command at a time, so the NOOP would wait behind it, and a long command (a body SEARCH
 *   of a large mailbox, which Dovecot reports on every 10 s) would be taken for a dead
 *   connection 5 s into the probe. The command is its own probe: the connection is dead after
 *   `deadAfterMs` with no byte, counted from the first look that saw the command.
 * - `nothing`: the command connection between requests. Its silence is normal and it is not
 *   probed: a probe every ~20 s on every such connection is what made a thousand quiet
 *   accounts cost CPU (bench many-accounts). It is looked at every `restLookMs` (10 s at most;
 *   a timer, nothing sent), so a command sent on it is seen soon: a connection that died at
 *   rest is found by the next command within `restLookMs + deadAfterMs`.
 * Pure: the caller feeds it the times (one clock, in ms) and what the connection waits for, and
 * keeps the timer.
 */
export interface SilenceVerdict {
  probe: boolean;
  dead: boolean;
  /** When to ask again, from now. */
  nextCheckMs: number;
}

/** Time a live server gets to answer a probe; it needs milliseconds, a busy gateway more. */
const MAX_ANSWER_MS = 5_000;
/** How often a connection with nothing outstanding is looked at, at most. */
const MAX_REST_LOOK_MS = 10_000;

/** What a connection is waiting for the server to answer, when the watchdog looks. */
export type Waiting = 'idle' | 'command' | 'nothing';

export class SilenceWatchdog {
  /** Silence after which a probe goes out. */
  readonly quietMs: number;
  readonly answerMs: number;
  readonly restLookMs: number;
  /** Silence is counted from this or the last byte, whichever is later. */
  private quietSince: number;
  private probedAt: number | null = null;
  /** When a look first saw the command now in flight. */
  private commandSeenAt: number | null = null;

  constructor(
    private readonly deadAfterMs: number,
    now: number,
  ) {
    this.answerMs = Math.min(MAX_ANSWER_MS, deadAfterMs / 4);
    this.quietMs = deadAfterMs - this.answerMs;
    this.restLookMs = Math.min(MAX_REST_LOOK_MS, this.quietMs);
    this.quietSince = now;
  }

  /** `heardAt`: when the last byte was received. */
  check(heardAt: number, now: number, waiting: Waiting = 'idle'): SilenceVerdict {
    if (this.probedAt !== null) {
      if (heardAt <= this.probedAt) return { probe: false, dead: true, nextCheckMs: 0 };
      this.probedAt = null;
    }
    if (waiting === 'nothing') {
      this.quietSince = now;
      this.commandSeenAt = null;
      return { probe: false, dead: false, nextCheckMs: this.restLookMs };
    }
    if (waiting === 'command') {
      this.commandSeenAt ??= now;
      const silentMs = now - Math.max(heardAt, this.commandSeenAt);
      if (silentMs >= this.deadAfterMs) return { probe: false, dead: true, nextCheckMs: 0 };
      return { probe: false, dead: false, nextCheckMs: this.deadAfterMs - silentMs };
    }
    this.commandSeenAt = null;
    const silentMs = now - Math.max(heardAt, this.quietSince);
    if (silentMs < this.quietMs) {
      return { probe: false, dead: false, nextCheckMs: this.quietMs - silentMs };
    }
    this.probedAt = now;
    return { probe: true, dead: false, nextCheckMs: this.answerMs };
  }
}
