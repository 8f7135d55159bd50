import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useRecipientSuggestions, type SuggestRecipients } from './useRecipientSuggestions.ts';

interface RecipientFieldProps {
  id: string;
  label: string;
  value: string;
  /** Why the addresses cannot be sent as they are; shown under the field. */
  error: string | undefined;
  errorId: string;
  onChange: (value: string) => void;
  suggest: SuggestRecipients;
}

/**
 * An address field of the composer (To, Cc, Bcc), with its error when there is one, and
 * people from the account's mail suggested for the recipient being typed: a WAI-ARIA 1.2
 * combobox whose list opens under it, the focus staying in the field throughout.
 */
export function RecipientField({
  id,
  label,
  value,
  error,
  errorId,
  onChange,
  suggest,
}: RecipientFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  /** Where the caret goes once the text with a chosen recipient is rendered. */
  const caretAfterChoice = useRef<number | null>(null);
  const list = useRecipientSuggestions(suggest);
  const { suggestions, active } = list;
  const open = suggestions.length > 0;
  const listId = `${id}-suggestions`;
  const optionId = (index: number) => `${id}-suggestion-${index}`;

  // A controlled input whose value is replaced puts the caret at the end; the choice's goes
  // after its `, `, ahead of any recipients that followed.
  useLayoutEffect(() => {
    const caret = caretAfterChoice.current;
    if (caret === null) return;
    caretAfterChoice.current = null;
    inputRef.current?.setSelectionRange(caret, caret);
  }, [value]);

  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function choose(index: number) {
    const next = list.choose(index);
    if (!next) return;
    caretAfterChoice.current = next.caret;
    onChange(next.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Keys that end an IME composition belong to it.
    if (event.nativeEvent.isComposing) return;
    const input = event.currentTarget;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (open) {
          event.preventDefault();
          list.move(event.key === 'ArrowDown' ? 1 : -1);
        } else if (event.key === 'ArrowDown') {
          list.lookFor(value, input.selectionStart ?? value.length, true);
        }
        return;
      case 'Enter':
      case 'Tab': {
        // Ctrl+Enter still sends; Shift+Tab and Tab with no option active leave the field.
        const plain = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
        if (!plain || !open || active < 0) return;
        // Not a submit, and not a move to the next field: the choice is the whole of it.
        event.preventDefault();
        choose(active);
        return;
      }
      case 'Escape':
        if (!open) return;
        // ComposeForm closes the composer on an Escape nobody took.
        event.preventDefault();
        list.close();
        return;
    }
  }

  return (
    <div className="composer__field">
      <label htmlFor={id}>{label}</label>
      <div className="composer__combobox">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          // The browser's own address list would open over the suggestions.
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const next = event.target.value;
            onChange(next);
            list.lookFor(next, event.target.selectionStart ?? next.length);
          }}
          onKeyDown={onKeyDown}
          onBlur={list.close}
        />
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          className="suggestions"
          hidden={!open}
          // A press on the list (an option, its scroll bar) leaves the focus in the field.
          onMouseDown={(event) => event.preventDefault()}
        >
          {suggestions.map((person, index) => (
            <li
              key={`${index}:${person.address}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="suggestions__option"
              onClick={() => choose(index)}
            >
              {person.name && <span className="suggestions__name">{person.name}</span>}{' '}
              <span className="suggestions__address">
                {person.name ? `<${person.address}>` : person.address}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <p id={errorId} className="composer__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
