import { useId, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { SearchQuery } from '@tidings/protocol';
import { isEmptyQuery, parseSearch } from './searchQuery.ts';

interface SearchBoxProps {
  inputRef: Ref<HTMLInputElement>;
  text: string;
  onTextChange: (text: string) => void;
  /** A search is shown in the list. */
  active: boolean;
  onSearch: (input: string, query: SearchQuery) => void;
  onClear: () => void;
  /** Leaves the box for the list (Escape with nothing to clear). */
  onLeave: () => void;
}

/**
 * "Search mail": Enter runs the query on the server, in the open folder. Operators are read
 * by `parseSearch`; what it cannot understand is said under the box, and nothing runs.
 */
export function SearchBox({
  inputRef,
  text,
  onTextChange,
  active,
  onSearch,
  onClear,
  onLeave,
}: SearchBoxProps) {
  const [problems, setProblems] = useState<string[]>([]);
  const hintId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseSearch(text);
    setProblems(parsed.problems);
    if (parsed.problems.length > 0) return;
    if (isEmptyQuery(parsed.query)) onClear();
    else onSearch(text.trim(), parsed.query);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    setProblems([]);
    if (text || active) {
      onTextChange('');
      onClear();
    } else {
      onLeave();
    }
  }

  return (
    <form className="search" role="search" aria-label="Mail" onSubmit={submit}>
      <svg className="search__icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
        <circle cx="11" cy="11" r="6.5" />
        <path d="m16 16 4.5 4.5" />
      </svg>
      <input
        ref={inputRef}
        type="search"
        className="search__input"
        aria-label="Search mail"
        aria-describedby={problems.length ? hintId : undefined}
        aria-invalid={problems.length > 0 || undefined}
        placeholder="Search mail — from:, subject:, is:unread, after:2026-01-31…"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          onTextChange(event.target.value);
          if (problems.length) setProblems([]);
        }}
        onKeyDown={onKeyDown}
      />
      {(text || active) && (
        <button
          type="button"
          className="search__clear"
          aria-label="Clear search"
          onClick={() => {
            setProblems([]);
            onTextChange('');
            onClear();
          }}
        >
          ×
        </button>
      )}
      {problems.length > 0 && (
        <p id={hintId} className="search__problem" role="alert">
          {problems.join(' ')}
        </p>
      )}
    </form>
  );
}
