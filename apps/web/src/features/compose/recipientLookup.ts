import type { Ack, Correspondent, RecipientSuggestions } from '@tidings/protocol';

/** A pause in typing this long asks the gateway; keystrokes in between ask nothing. */
export const SUGGEST_PAUSE_MS = 150;

/**
 * Asks the gateway for suggestions as the user types one recipient: once typing pauses, and
 * only the latest question's answer is shown (answers can overtake one another, and one that
 * arrives after the user moved on would offer people for text that is gone). A failed answer
 * shows nothing: suggestions must never stand in the way of typing an address.
 */
export class RecipientLookup {
  private asked: string | null = null;
  /** Bumped by every new question and every clear; an answer from an older one is dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly suggest: (query: string) => Promise<Ack<RecipientSuggestions>>,
    private readonly show: (suggestions: Correspondent[]) => void,
  ) {}

  /**
   * Looks up `query` after the pause (`now`: at once); the suggestions shown stay until its
   * answer comes. The same query again asks nothing (the caret moved within the recipient).
   */
  lookFor(query: string, now = false): void {
    if (query === this.asked) return;
    this.cancel();
    this.asked = query;
    const generation = this.generation;
    const ask = async () => {
      const answer = await this.suggest(query).catch(() => null);
      if (generation !== this.generation) return;
      if (answer?.ok) return this.show(answer.data.suggestions);
      // Forgotten, so that asking again (ArrowDown) tries again.
      this.asked = null;
      this.show([]);
    };
    if (now) void ask();
    else this.timer = setTimeout(() => void ask(), SUGGEST_PAUSE_MS);
  }

  /** Nothing shown, nothing pending: the field lost the focus, Escape, or a choice was made. */
  clear(): void {
    this.cancel();
    this.asked = null;
    this.show([]);
  }

  /** Drops the question pending and any answer still to come. */
  cancel(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
