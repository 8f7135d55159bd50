import { useEffect, useMemo, useState } from 'react';
import type { Ack, Correspondent, RecipientSuggestions } from '@tidings/protocol';
import { RecipientLookup } from './recipientLookup.ts';
import {
  freshSuggestions,
  recipientAtCaret,
  replaceRecipient,
  stepActive,
  type RecipientAtCaret,
} from './recipientSuggestions.ts';

export type SuggestRecipients = (query: string) => Promise<Ack<RecipientSuggestions>>;

export interface RecipientSuggestionList {
  /** What to offer for the recipient being typed, best first; empty when the list is closed. */
  suggestions: readonly Correspondent[];
  /** The option the arrow keys made active, -1 for none. */
  active: number;
  /** The field's text changed (or ArrowDown asked, `now`): look up the recipient at the caret. */
  lookFor(text: string, caret: number, now?: boolean): void;
  move(step: 1 | -1): void;
  /** The field's text and caret with suggestion `index` in place; the list closes. */
  choose(index: number): { text: string; caret: number } | null;
  close(): void;
}

/** The suggestions of one recipient field (To, Cc, Bcc), as the user types into it. */
export function useRecipientSuggestions(suggest: SuggestRecipients): RecipientSuggestionList {
  const [found, setFound] = useState<Correspondent[]>([]);
  const [active, setActive] = useState(-1);
  const [typing, setTyping] = useState<{ text: string; at: RecipientAtCaret } | null>(null);
  // The first `suggest` serves the field's life: it asks the account's gateway, which outlives
  // the composer (AccountStore.compose).
  const [lookup] = useState(
    () =>
      new RecipientLookup(suggest, (suggestions) => {
        setFound(suggestions);
        setActive(-1);
      }),
  );
  useEffect(() => () => lookup.cancel(), [lookup]);

  const suggestions = useMemo(
    () => (typing ? freshSuggestions(found, typing.text, typing.at) : []),
    [found, typing],
  );

  return {
    suggestions,
    active: Math.min(active, suggestions.length - 1),
    lookFor(text, caret, now = false) {
      const at = recipientAtCaret(text, caret);
      setTyping(at && { text, at });
      // Typing takes the choice back to the field (WAI-ARIA combobox pattern).
      setActive(-1);
      if (at) lookup.lookFor(at.query, now);
      else lookup.clear();
    },
    move(step) {
      setActive((current) => stepActive(current, step, suggestions.length));
    },
    choose(index) {
      const chosen = suggestions[index];
      if (!chosen || !typing) return null;
      lookup.clear();
      setTyping(null);
      return replaceRecipient(typing.text, typing.at, chosen);
    },
    close() {
      lookup.clear();
      setTyping(null);
    },
  };
}
