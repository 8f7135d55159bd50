import type { FilterRule } from '@tidings/protocol';
import { ruleMovedUp } from './filterForm.ts';
import { describeRule } from './filterWords.ts';

/**
 * The rules, in the order they run, each as a sentence with its buttons: edit (in the form
 * below), up (it runs earlier) and remove. Each change is the whole new list, for `onChange`
 * to save.
 */
export function FilterRuleList({
  rules,
  folderLabel,
  busy,
  onChange,
  onEdit,
}: {
  rules: readonly FilterRule[];
  folderLabel: (path: string) => string;
  /** A save is on its way: nothing more until it is answered. */
  busy: boolean;
  onChange: (rules: FilterRule[]) => void;
  onEdit: (rule: FilterRule) => void;
}) {
  if (rules.length === 0) return null;
  return (
    // An explicit role: lists styled without bullets lose theirs in Safari.
    <ul className="filters__rules" role="list" aria-label="Filter rules">
      {rules.map((rule, index) => {
        const sentence = describeRule(rule, folderLabel);
        return (
          <li key={`${index}:${sentence}`} className="filters__rule">
            <span className="filters__sentence">{sentence}</span>
            <IconButton
              label={`Edit rule: ${sentence}`}
              title="Edit rule"
              path="M2 10l1-3 5.5-5.5 2 2L5 9z"
              disabled={busy}
              onClick={() => onEdit(rule)}
            />
            {index > 0 && (
              <IconButton
                label={`Move rule up: ${sentence}`}
                title="Move up (runs earlier)"
                path="M6 10V2M2.5 5.5 6 2l3.5 3.5"
                disabled={busy}
                onClick={() => onChange(ruleMovedUp(rules, index))}
              />
            )}
            <IconButton
              label={`Remove rule: ${sentence}`}
              title="Remove rule"
              path="M2 2l8 8M10 2l-8 8"
              disabled={busy}
              onClick={() => onChange(rules.filter((_, i) => i !== index))}
            />
          </li>
        );
      })}
    </ul>
  );
}

/** Drawn, not a character ("✎", "↑", "×"): the item's text stays the rule's sentence alone. */
function IconButton({
  label,
  title,
  path,
  disabled,
  onClick,
}: {
  label: string;
  title: string;
  path: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="button button--quiet filters__icon"
      aria-label={label}
      title={title}
      disabled={disabled}
      onClick={onClick}
    >
      <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
        <path d={path} stroke="currentColor" strokeWidth="1.6" fill="none" />
      </svg>
    </button>
  );
}
