import {
  FilterField,
  FilterTest,
  MAX_FILTER_RULES,
  MAX_FILTER_VALUE,
  tagOf,
  type Ack,
  type FilterRule,
  type FilterState,
  type MailboxInfo,
} from '@tidings/protocol';
import { folderTrails, isInbox, orderFolders } from '../folders/folderTree.ts';

/**
 * The "add a rule" fields as chosen; `moveTo` is the folder select's value, `tag` the tag
 * select's (a keyword of TAGS), each '' for none.
 */
export interface RuleFields {
  field: FilterField;
  test: FilterTest;
  value: string;
  moveTo: string;
  markRead: boolean;
  tag: string;
}

/**
 * A rule begun elsewhere ("Filter messages like this" in the reader), to finish in the
 * settings; `serial` tells one request from the next.
 */
export interface RulePrefill {
  fields: Partial<RuleFields>;
  serial: number;
}

/**
 * The rule "Filter messages like this" starts: mail from the same mailing list when the
 * message came through one (its sender may also write in person), else from this very address.
 */
export function rulePrefillLike(
  like: { from: string; listId: string | null },
  serial: number,
): RulePrefill {
  const fields: Partial<RuleFields> = like.listId
    ? { field: FilterField.List, test: FilterTest.Is, value: like.listId }
    : { field: FilterField.From, test: FilterTest.Is, value: like.from };
  return { fields, serial };
}

export const emptyRuleFields: RuleFields = {
  field: FilterField.From,
  test: FilterTest.Contains,
  value: '',
  moveTo: '',
  markRead: false,
  tag: '',
};

/** filterRuleSchema's limit on `moveTo`, which the protocol does not name. */
const MAX_FOLDER_PATH = 1_000;

// eslint-disable-next-line no-control-regex -- the point is to find them
const CONTROL = /[\u0000-\u001f\u007f]/;

export type RuleCheck = { ok: true; rule: FilterRule } | { ok: false; message: string };

/**
 * The rule to send for what was chosen and typed, or why not. The protocol's filterRuleSchema,
 * by hand: zod stays out of the browser's bundle (vite.config.ts); filterForm.test.ts holds the
 * two to the same answers.
 */
export function ruleFromFields(fields: RuleFields): RuleCheck {
  // Spaces at either end are invisible in the list and would make "contains" miss.
  const value = fields.value.trim();
  if (value === '') return { ok: false, message: 'Rule text: type what the rule looks for.' };
  if (value.length > MAX_FILTER_VALUE) {
    return { ok: false, message: `Rule text: at most ${MAX_FILTER_VALUE} characters.` };
  }
  if (CONTROL.test(value)) {
    return { ok: false, message: 'Rule text: one line of text, without tabs.' };
  }
  const moveTo = fields.moveTo === '' ? null : fields.moveTo;
  if (moveTo !== null && (moveTo.length > MAX_FOLDER_PATH || CONTROL.test(moveTo))) {
    return { ok: false, message: 'Move to folder: filters cannot move mail to that folder.' };
  }
  const tag = fields.tag === '' ? null : (tagOf(fields.tag)?.keyword ?? undefined);
  if (tag === undefined) return { ok: false, message: 'Tag: choose one of the tags.' };
  if (moveTo === null && !fields.markRead && tag === null) {
    return {
      ok: false,
      message: 'A rule needs something to do: choose a folder to move to, Mark as read, or a tag.',
    };
  }
  return {
    ok: true,
    rule: {
      field: fields.field,
      test: fields.test,
      value,
      moveTo,
      markRead: fields.markRead,
      tag,
    },
  };
}

/** The list to save, and the rule the form made (to run over the Inbox, if asked); or why not. */
export type RulesCheck =
  { ok: true; rules: FilterRule[]; rule: FilterRule } | { ok: false; message: string };

/** The list to save: the stored rules, then the new one (rules run in order, so it runs last). */
export function rulesWithNew(rules: readonly FilterRule[], fields: RuleFields): RulesCheck {
  if (rules.length >= MAX_FILTER_RULES) {
    return { ok: false, message: `At most ${MAX_FILTER_RULES} rules: remove one first.` };
  }
  const check = ruleFromFields(fields);
  return check.ok ? { ok: true, rules: [...rules, check.rule], rule: check.rule } : check;
}

/**
 * The list to save with `original` replaced, in its place, by the rule the form now holds. The
 * list may have changed since the edit began (another tab): the rule is found by what it says.
 */
export function rulesWithEdited(
  rules: readonly FilterRule[],
  original: FilterRule,
  fields: RuleFields,
): RulesCheck {
  const index = rules.findIndex((rule) => sameRule(rule, original));
  if (index === -1) {
    return {
      ok: false,
      message: 'That rule was changed or removed meanwhile (in another tab): choose it again.',
    };
  }
  const check = ruleFromFields(fields);
  if (!check.ok) return check;
  return { ok: true, rules: rules.map((r, i) => (i === index ? check.rule : r)), rule: check.rule };
}

function sameRule(a: FilterRule, b: FilterRule): boolean {
  return (
    a.field === b.field &&
    a.test === b.test &&
    a.value === b.value &&
    a.moveTo === b.moveTo &&
    a.markRead === b.markRead &&
    // Rules stored before rules could tag have no `tag`.
    (a.tag ?? null) === (b.tag ?? null)
  );
}

/** A stored rule back in the form's fields, to change it. */
export function fieldsOf(rule: FilterRule): RuleFields {
  return { ...rule, moveTo: rule.moveTo ?? '', tag: rule.tag ?? '' };
}

/**
 * The rules with the one at `index` a place earlier: rules run in order and the first that
 * moves a message ends the run, so order decides where a message two rules want lands.
 */
export function ruleMovedUp(rules: readonly FilterRule[], index: number): FilterRule[] {
  const next = [...rules];
  if (index <= 0 || index >= next.length) return next;
  [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
  return next;
}

/**
 * How a rule names its folder: by its place in the folder list, and saying so when the folder
 * is gone (deleted or renamed since), where the server keeps the message in the Inbox instead.
 */
export function ruleFolderLabel(
  mailboxes: readonly MailboxInfo[] | null,
): (path: string) => string {
  const trail = folderTrails(mailboxes);
  if (!mailboxes) return trail;
  const known = new Set(mailboxes.map((m) => m.path));
  return (path) =>
    known.has(path) ? trail(path) : `${trail(path)} (no such folder: mail stays in the Inbox)`;
}

export interface MoveTarget {
  path: string;
  /** Where it sits, as search in all folders names it: "Work / 2026". */
  label: string;
}

/**
 * The folders a rule may move mail to, in folder-list order: not the Inbox (where mail lands
 * anyway: that is "Don't move") nor a folder that cannot hold messages.
 */
export function moveTargets(mailboxes: readonly MailboxInfo[] | null): MoveTarget[] {
  const trail = folderTrails(mailboxes);
  return orderFolders(mailboxes ?? [])
    .filter(({ mailbox }) => mailbox.selectable && !isInbox(mailbox))
    .map(({ mailbox }) => ({ path: mailbox.path, label: trail(mailbox.path) }));
}

/** The fieldset's state: what the server holds and the rule being typed. */
export interface FilterView {
  /** The latest answer from the server; null until the first one. */
  stored: FilterState | null;
  fields: RuleFields;
  /** The stored rule the fields are changing; null: they make a new one. */
  editing: FilterRule | null;
  /** The save on its way, and the fields as they were when it was asked for; null: none. */
  sending: { adding: boolean; fields: RuleFields } | null;
  /** The last save's answer was the stored state (until the fields change again). */
  saved: boolean;
  loadError: string | null;
  saveError: string | null;
}

export const initialFilterView: FilterView = {
  stored: null,
  fields: emptyRuleFields,
  editing: null,
  sending: null,
  saved: false,
  loadError: null,
  saveError: null,
};

export type FilterEvent =
  | { type: 'retry' }
  | { type: 'loaded'; answer: Ack<FilterState> }
  | { type: 'edit'; patch: Partial<RuleFields> }
  /** A stored rule into the form, to change it; `rule` null: back to a new one. */
  | { type: 'editRule'; rule: FilterRule | null }
  | { type: 'refused'; message: string }
  /** `adding`: the typed rule goes with it; otherwise a rule is removed, or the list resaved. */
  | { type: 'saving'; adding: boolean }
  | { type: 'saved'; answer: Ack<FilterState> };

export function filterReducer(view: FilterView, event: FilterEvent): FilterView {
  switch (event.type) {
    case 'retry':
      return { ...view, loadError: null };
    case 'loaded':
      // The fields are a rule not yet saved: nothing the server holds replaces them.
      if (!event.answer.ok) return { ...view, loadError: event.answer.error.message };
      return { ...view, stored: event.answer.data, saved: false, loadError: null };
    case 'edit':
      return { ...view, fields: { ...view.fields, ...event.patch }, saved: false };
    case 'editRule':
      return {
        ...view,
        editing: event.rule,
        fields: event.rule ? fieldsOf(event.rule) : emptyRuleFields,
        saved: false,
        saveError: null,
      };
    case 'refused':
      return { ...view, saved: false, saveError: event.message };
    case 'saving':
      return {
        ...view,
        sending: { adding: event.adding, fields: view.fields },
        saved: false,
        saveError: null,
      };
    case 'saved': {
      const { sending } = view;
      // Refused: the typed rule stays, with the server's reason beside it.
      if (!event.answer.ok) {
        return { ...view, sending: null, saveError: event.answer.error.message };
      }
      // The rule (new or changed) is in the list now; fields typed on while it was on its way
      // are newer.
      const added = sending?.adding === true && view.fields === sending.fields;
      return {
        ...view,
        stored: event.answer.data,
        fields: added ? emptyRuleFields : view.fields,
        editing: added ? null : view.editing,
        sending: null,
        saved: true,
        loadError: null,
      };
    }
  }
}

function ruleCount(count: number): string {
  return count === 1 ? '1 rule sorts' : `${count} rules sort`;
}

/** What the server holds, in a sentence or two. */
export function filtersStatus(state: FilterState): string {
  if (state.rules.length === 0) {
    return 'No rules yet. Rules sort new mail as it arrives, even with Tidings closed.';
  }
  // Another client activated its own script since: the server runs one script only (RFC 5804).
  if (!state.running) {
    return 'These rules are not running: another filter was turned on elsewhere. Save them to run them again.';
  }
  return `${ruleCount(state.rules.length)} new mail as it arrives.`;
}

/** The status line: what the server holds, or that it is still being asked. */
export function statusLine(view: FilterView): string {
  const { stored } = view;
  if (!stored) return view.loadError ? '' : 'Loading…';
  if (!stored.available) return stored.reason ?? 'Your mail server does not offer filters.';
  if (view.sending) return 'Saving…';
  const status = filtersStatus(stored);
  return view.saved ? `Saved. ${status}` : status;
}
