import { useEffect, useId, useMemo, useReducer, useRef, useState, type FormEvent } from 'react';
import {
  FilterField,
  FilterTest,
  MAX_FILTER_VALUE,
  TAGS,
  type FilterRule,
  type MailboxInfo,
} from '@tidings/protocol';
import type { FilterRequests } from '../account/accountRequests.ts';
import { FilterRuleList } from './FilterRuleList.tsx';
import { LoadFailure } from './LoadFailure.tsx';
import { useServerRead } from './useServerRead.ts';
import {
  filterReducer,
  initialFilterView,
  moveTargets,
  ruleFolderLabel,
  rulesWithEdited,
  rulesWithNew,
  statusLine,
  type RuleFields,
  type RulePrefill,
} from './filterForm.ts';
import { describeApplied, FIELD_LABELS, TEST_LABELS, valuePlaceholder } from './filterWords.ts';

const FIELDS = Object.values(FilterField);
const TESTS = Object.values(FilterTest);

/**
 * Filter rules, kept and run by the mail server (Sieve over ManageSieve) on each delivery, so
 * they sort mail with this tab closed. Every change saves the whole list at once: the server
 * keeps the rules as one script. Read when the settings open and whenever the account's socket
 * connects again; the rule being typed survives both, and a refused save.
 */
export function FilterSettings({
  requests,
  connected,
  mailboxes,
  onApplied,
  prefill = null,
  onPrefilled,
}: {
  requests: FilterRequests;
  connected: boolean;
  /** The account's folders, for "Move to folder" and to name them in the rules. */
  mailboxes: readonly MailboxInfo[] | null;
  /** A new rule was run over the Inbox: what it did, and the move's undo token (if any). */
  onApplied: (label: string, undo: string | null) => void;
  /** A rule begun in the reader: put in the fields once, then `onPrefilled` says so. */
  prefill?: RulePrefill | null;
  onPrefilled?: () => void;
}) {
  const [view, dispatch] = useReducer(filterReducer, initialFilterView);
  // Cleared with the rule's fields once it is added: a bulk move is asked for each time.
  const [applyNow, setApplyNow] = useState(false);
  const moveId = useId();
  const tagId = useId();
  const targets = useMemo(() => moveTargets(mailboxes), [mailboxes]);
  const folderLabel = useMemo(() => ruleFolderLabel(mailboxes), [mailboxes]);

  const reads = useServerRead(requests.get, connected, (answer) =>
    dispatch({ type: 'loaded', answer }),
  );

  const valueRef = useRef<HTMLInputElement>(null);
  // A rule begun in the reader goes into the fields once (React's state-from-props pattern)...
  const [prefilled, setPrefilled] = useState<number | null>(null);
  if (prefill && prefill.serial !== prefilled) {
    setPrefilled(prefill.serial);
    dispatch({ type: 'edit', patch: prefill.fields });
  }
  useEffect(() => {
    if (prefilled !== null) onPrefilled?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request
  }, [prefilled]);
  // ...and is finished here: its text in view and in focus once the form is shown.
  const available = view.stored?.available === true;
  useEffect(() => {
    if (prefilled === null || !available) return;
    valueRef.current?.scrollIntoView({ block: 'center' });
    valueRef.current?.focus();
  }, [prefilled, available]);

  const { stored, fields, editing } = view;
  const busy = view.sending !== null;
  // A folder renamed or deleted (in another tab) since it was chosen is not offered any more.
  const moveTo = targets.some((target) => target.path === fields.moveTo) ? fields.moveTo : '';

  function edit(patch: Partial<RuleFields>) {
    dispatch({ type: 'edit', patch });
  }

  function save(rules: FilterRule[], adding: boolean, thenApply: FilterRule | null = null) {
    if (busy) return;
    dispatch({ type: 'saving', adding });
    reads.supersede();
    void requests.set(rules).then(async (answer) => {
      dispatch({ type: 'saved', answer });
      if (answer.ok && adding) setApplyNow(false);
      if (!answer.ok || !thenApply) return;
      // Saved first: a rule that cannot be stored is not run either.
      const applied = await requests.apply(thenApply);
      if (applied.ok) {
        onApplied(
          describeApplied(applied.data, thenApply, folderLabel),
          applied.data.moved?.undo ?? null,
        );
      } else {
        dispatch({
          type: 'refused',
          message: `The rule is saved, but running it over the Inbox failed: ${applied.error.message}`,
        });
      }
    });
  }

  /** The form's rule, new or changed, saved (and run over the Inbox if asked). */
  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !stored) return;
    const typed = { ...fields, moveTo };
    const check = editing
      ? rulesWithEdited(stored.rules, editing, typed)
      : rulesWithNew(stored.rules, typed);
    if (check.ok) save(check.rules, true, applyNow ? check.rule : null);
    else dispatch({ type: 'refused', message: check.message });
  }

  return (
    <fieldset className="settings__group settings__group--next">
      <legend>Filters</legend>
      <p className="settings__status" role="status" aria-label="Filters">
        {statusLine(view)}
      </p>
      {view.loadError && (
        <LoadFailure
          what="Filters"
          reason={view.loadError}
          onRetry={() => {
            dispatch({ type: 'retry' });
            reads.retry();
          }}
        />
      )}
      {stored?.available && (
        <>
          <FilterRuleList
            rules={stored.rules}
            folderLabel={folderLabel}
            busy={busy}
            onChange={(rules) => save(rules, false)}
            onEdit={(rule) => {
              dispatch({ type: 'editRule', rule });
              valueRef.current?.focus();
            }}
          />
          {!stored.running && stored.rules.length > 0 && (
            <button
              type="button"
              className="button button--quiet settings__action"
              disabled={busy}
              onClick={() => save(stored.rules, false)}
            >
              Save rules
            </button>
          )}
          {stored.keeps !== null && (
            <p className="settings__hint">
              Your server filter “{stored.keeps}” runs after these rules.
            </p>
          )}
          <form className="filters__add" noValidate onSubmit={submit}>
            <fieldset className="filters__new">
              <legend>{editing ? 'Change the rule' : 'Add a rule'}</legend>
              <div className="filters__match">
                <select
                  className="settings__input"
                  aria-label="Rule field"
                  value={fields.field}
                  onChange={(event) => edit({ field: event.target.value as FilterField })}
                >
                  {FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {FIELD_LABELS[field]}
                    </option>
                  ))}
                </select>
                <select
                  className="settings__input"
                  aria-label="Rule test"
                  value={fields.test}
                  onChange={(event) => edit({ test: event.target.value as FilterTest })}
                >
                  {TESTS.map((test) => (
                    <option key={test} value={test}>
                      {TEST_LABELS[test]}
                    </option>
                  ))}
                </select>
              </div>
              <input
                ref={valueRef}
                className="settings__input"
                type="text"
                aria-label="Rule text"
                maxLength={MAX_FILTER_VALUE}
                placeholder={valuePlaceholder(fields)}
                value={fields.value}
                onChange={(event) => edit({ value: event.target.value })}
              />
              <label className="settings__field" htmlFor={moveId}>
                Move to folder
              </label>
              <select
                id={moveId}
                className="settings__input"
                value={moveTo}
                onChange={(event) => edit({ moveTo: event.target.value })}
              >
                <option value="">Don’t move</option>
                {targets.map((target) => (
                  <option key={target.path} value={target.path}>
                    {target.label}
                  </option>
                ))}
              </select>
              <label className="settings__option">
                <input
                  type="checkbox"
                  checked={fields.markRead}
                  onChange={(event) => edit({ markRead: event.target.checked })}
                />
                Mark as read
              </label>
              <label className="settings__field" htmlFor={tagId}>
                Tag
              </label>
              <select
                id={tagId}
                className="settings__input"
                value={fields.tag}
                onChange={(event) => edit({ tag: event.target.value })}
              >
                <option value="">No tag</option>
                {TAGS.map((tag) => (
                  <option key={tag.keyword} value={tag.keyword}>
                    {tag.name}
                  </option>
                ))}
              </select>
              <label className="settings__option">
                <input
                  type="checkbox"
                  checked={applyNow}
                  onChange={(event) => setApplyNow(event.target.checked)}
                />
                Also apply to messages in the Inbox now
              </label>
              {view.saveError && (
                <p className="error-box" role="alert">
                  {view.saveError}
                </p>
              )}
              <div className="filters__submit">
                <button type="submit" className="button button--primary" disabled={busy}>
                  {editing ? 'Save rule' : 'Add rule'}
                </button>
                {editing && (
                  <button
                    type="button"
                    className="button button--quiet"
                    disabled={busy}
                    onClick={() => dispatch({ type: 'editRule', rule: null })}
                  >
                    Cancel
                  </button>
                )}
              </div>
            </fieldset>
          </form>
        </>
      )}
    </fieldset>
  );
}
