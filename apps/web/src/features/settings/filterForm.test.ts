import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  filterRuleSchema,
  filtersSetRequestSchema,
  MAX_FILTER_RULES,
  MAX_FILTER_VALUE,
  type Ack,
  type FilterRule,
  type FilterState,
  type MailboxInfo,
} from '@tidings/protocol';
import {
  emptyRuleFields,
  fieldsOf,
  filterReducer,
  initialFilterView,
  moveTargets,
  ruleFolderLabel,
  ruleFromFields,
  ruleMovedUp,
  rulePrefillLike,
  rulesWithEdited,
  rulesWithNew,
  statusLine,
  type FilterEvent,
  type FilterView,
  type RuleFields,
} from './filterForm.ts';
import { news } from './filterFixtures.ts';

const typed: RuleFields = {
  field: 'subject',
  test: 'contains',
  value: 'invoice',
  moveTo: 'Archive',
  markRead: false,
  tag: '',
};

function state(rules: FilterRule[] = [], more: Partial<FilterState> = {}): Ack<FilterState> {
  return {
    ok: true,
    data: { available: true, reason: null, rules, running: rules.length > 0, keeps: null, ...more },
  };
}

const refusal: Ack<FilterState> = {
  ok: false,
  error: { code: ErrorCode.Internal, message: 'The server said no.' },
};

function run(...events: FilterEvent[]): FilterView {
  return events.reduce(filterReducer, initialFilterView);
}

function mailbox(path: string, more: Partial<MailboxInfo> = {}): MailboxInfo {
  return {
    path,
    name: path.split('/').pop() ?? path,
    delimiter: '/',
    role: null,
    selectable: true,
    total: 0,
    unread: 0,
    ...more,
  };
}

describe('ruleFromFields', () => {
  it('sends the rule, its text trimmed, with no folder as null', () => {
    expect(ruleFromFields({ ...typed, value: '  invoice ', moveTo: '', markRead: true })).toEqual({
      ok: true,
      rule: {
        field: 'subject',
        test: 'contains',
        value: 'invoice',
        moveTo: null,
        markRead: true,
        tag: null,
      },
    });
    expect(ruleFromFields({ ...typed, moveTo: '', tag: '$label4' })).toMatchObject({
      ok: true,
      rule: { moveTo: null, markRead: false, tag: '$label4' },
    });
  });

  it('needs something to look for and something to do', () => {
    expect(ruleFromFields({ ...typed, value: '   ' })).toMatchObject({ ok: false });
    expect(ruleFromFields({ ...typed, moveTo: '', markRead: false })).toEqual({
      ok: false,
      message: 'A rule needs something to do: choose a folder to move to, Mark as read, or a tag.',
    });
    expect(ruleFromFields({ ...typed, tag: '$label9' })).toEqual({
      ok: false,
      message: 'Tag: choose one of the tags.',
    });
  });
});

describe('ruleFromFields and the protocol', () => {
  it('agree on what may be sent (the browser checks by hand, without zod)', () => {
    const cases: RuleFields[] = [
      typed,
      { ...typed, moveTo: '', markRead: true },
      { ...typed, moveTo: '', markRead: false },
      { ...typed, value: '' },
      { ...typed, value: ' \u00a0 ' },
      { ...typed, value: 'x'.repeat(MAX_FILTER_VALUE) },
      { ...typed, value: 'x'.repeat(MAX_FILTER_VALUE + 1) },
      { ...typed, value: 'two\nlines' },
      { ...typed, value: 'a\ttab' },
      { ...typed, value: 'déjà vu “quoted” \\ back' },
      { ...typed, moveTo: 'Work/2026', field: 'list', test: 'is' },
      { ...typed, moveTo: 'x'.repeat(1_001) },
      { ...typed, moveTo: 'bad\u0000folder' },
      { ...typed, moveTo: '', tag: '$label3' },
      { ...typed, tag: '$label6' },
      { ...typed, tag: '\\Seen' },
    ];
    for (const fields of cases) {
      const byHand = ruleFromFields(fields);
      // The text is sent trimmed: the schema judges what is sent.
      const sent = {
        ...fields,
        value: fields.value.trim(),
        moveTo: fields.moveTo || null,
        tag: fields.tag || null,
      };
      const bySchema = filterRuleSchema.safeParse(sent);
      expect(byHand.ok, JSON.stringify(fields).slice(0, 80)).toBe(bySchema.success);
      if (byHand.ok) expect(byHand.rule).toEqual(bySchema.data);
    }
  });

  it('agree on how many rules a list may hold', () => {
    const full = Array.from({ length: MAX_FILTER_RULES - 1 }, () => news);
    const last = rulesWithNew(full, typed);
    expect(last.ok && filtersSetRequestSchema.safeParse({ rules: last.rules }).success).toBe(true);
    expect(last.ok && last.rules.at(-1)?.value).toBe('invoice');
    const over = rulesWithNew([...full, news], typed);
    expect(over).toEqual({
      ok: false,
      message: `At most ${MAX_FILTER_RULES} rules: remove one first.`,
    });
    expect(filtersSetRequestSchema.safeParse({ rules: [...full, news, news] }).success).toBe(false);
  });
});

describe('rulePrefillLike', () => {
  it('begins a rule for the mailing list a message came through, else for its sender', () => {
    expect(rulePrefillLike({ from: 'ana@shop.example', listId: 'deals.shop.example' }, 3)).toEqual({
      fields: { field: 'list', test: 'is', value: 'deals.shop.example' },
      serial: 3,
    });
    expect(rulePrefillLike({ from: 'ana@shop.example', listId: null }, 4).fields).toEqual({
      field: 'from',
      test: 'is',
      value: 'ana@shop.example',
    });
  });
});

describe('rulesWithEdited', () => {
  const lunch: FilterRule = { ...news, field: 'subject', value: 'lunch', moveTo: null };

  it('replaces the rule in its place with what the form holds', () => {
    const check = rulesWithEdited([news, lunch], lunch, { ...typed, value: 'Lunch?' });
    expect(check).toEqual({
      ok: true,
      rules: [news, { ...typed, value: 'Lunch?', tag: null }],
      rule: { ...typed, value: 'Lunch?', tag: null },
    });
  });

  it('finds a rule stored before rules could tag (no `tag`), and can give it one', () => {
    expect('tag' in news).toBe(false);
    const check = rulesWithEdited([news, lunch], news, { ...fieldsOf(news), tag: '$label5' });
    expect(check).toMatchObject({ ok: true, rules: [{ ...news, tag: '$label5' }, lunch] });
    expect(fieldsOf(news).tag).toBe('');
  });

  it('refuses when the rule is gone meanwhile, or the form does not make one', () => {
    expect(rulesWithEdited([news], lunch, typed)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/changed or removed meanwhile/),
    });
    expect(rulesWithEdited([news, lunch], lunch, { ...typed, value: ' ' }).ok).toBe(false);
  });

  it('brings the rule into the form, and back to a new one once saved', () => {
    const editing = run(
      { type: 'loaded', answer: state([news]) },
      { type: 'editRule', rule: news },
    );
    expect(editing.editing).toBe(news);
    expect(editing.fields).toEqual({ ...news, moveTo: 'Newsletters', tag: '' });
    const saved = filterReducer(filterReducer(editing, { type: 'saving', adding: true }), {
      type: 'saved',
      answer: state([news]),
    });
    expect(saved.editing).toBeNull();
    expect(saved.fields).toEqual(emptyRuleFields);
    expect(filterReducer(editing, { type: 'editRule', rule: null }).editing).toBeNull();
  });
});

describe('ruleMovedUp', () => {
  it('swaps a rule with the one before it, and leaves the first where it is', () => {
    const [a, b, c] = (['a', 'b', 'c'] as const).map((value) => ({ ...news, value }));
    expect(ruleMovedUp([a!, b!, c!], 2)).toEqual([a, c, b]);
    expect(ruleMovedUp([a!, b!, c!], 0)).toEqual([a, b, c]);
  });
});

describe('ruleFolderLabel', () => {
  it('names a folder by its trail, and says when it is gone', () => {
    const label = ruleFolderLabel([mailbox('Work'), mailbox('Work/2026')]);
    expect(label('Work/2026')).toBe('Work / 2026');
    expect(label('Projects')).toBe('Projects (no such folder: mail stays in the Inbox)');
    // Folders not listed yet: nothing to say about them.
    expect(ruleFolderLabel(null)('Projects')).toBe('Projects');
  });
});

describe('moveTargets', () => {
  it('offers every folder that holds mail but the Inbox, nested ones by their trail', () => {
    const targets = moveTargets([
      mailbox('INBOX', { name: 'INBOX', role: 'inbox' }),
      mailbox('Work'),
      mailbox('Work/2026'),
      mailbox('Archive', { role: 'archive' }),
      mailbox('Shelf', { selectable: false }),
      mailbox('Shelf/Books'),
    ]);
    expect(targets).toEqual([
      { path: 'Archive', label: 'Archive' },
      { path: 'Shelf/Books', label: 'Shelf / Books' },
      { path: 'Work', label: 'Work' },
      { path: 'Work/2026', label: 'Work / 2026' },
    ]);
    expect(moveTargets(null)).toEqual([]);
  });
});

describe('the filters fieldset', () => {
  it('is loading until the first answer, then says what the server holds', () => {
    expect(statusLine(initialFilterView)).toBe('Loading…');
    expect(statusLine(run({ type: 'loaded', answer: state() }))).toBe(
      'No rules yet. Rules sort new mail as it arrives, even with Tidings closed.',
    );
    expect(statusLine(run({ type: 'loaded', answer: state([news]) }))).toBe(
      '1 rule sorts new mail as it arrives.',
    );
    expect(statusLine(run({ type: 'loaded', answer: state([news, news]) }))).toBe(
      '2 rules sort new mail as it arrives.',
    );
  });

  it('says when the rules are kept but not running', () => {
    const view = run({ type: 'loaded', answer: state([news], { running: false }) });
    expect(statusLine(view)).toMatch(/^These rules are not running/);
  });

  it('gives the reason when the server offers none', () => {
    const reason = 'Your mail server does not offer filters (ManageSieve)';
    const view = run({ type: 'loaded', answer: state([], { available: false, reason }) });
    expect(statusLine(view)).toBe(reason);
  });

  it('says a failed read instead of loading forever, and loads again on retry', () => {
    const failed = run({ type: 'loaded', answer: refusal });
    expect(failed.loadError).toBe('The server said no.');
    expect(statusLine(failed)).toBe('');
    expect(statusLine(filterReducer(failed, { type: 'retry' }))).toBe('Loading…');
  });

  it('keeps the rule being typed through a reload', () => {
    const view = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: { value: 'invoice' } },
      { type: 'loaded', answer: state([news]) },
    );
    expect(view.fields.value).toBe('invoice');
    expect(view.stored?.rules).toEqual([news]);
  });

  it('keeps the typed rule when the server refuses it', () => {
    const view = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: typed },
      { type: 'saving', adding: true },
      { type: 'saved', answer: refusal },
    );
    expect(view.fields).toEqual(typed);
    expect(view.saveError).toBe('The server said no.');
    expect(view.sending).toBeNull();
  });

  it('clears the fields once the rule is saved, and says it was saved', () => {
    const saving = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: typed },
      { type: 'saving', adding: true },
    );
    expect(statusLine(saving)).toBe('Saving…');
    const view = filterReducer(saving, { type: 'saved', answer: state([news]) });
    expect(view.fields).toEqual(emptyRuleFields);
    expect(statusLine(view)).toBe('Saved. 1 rule sorts new mail as it arrives.');
  });

  it('keeps what was typed while a save was on its way, and through a removal', () => {
    const typedOn = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: typed },
      { type: 'saving', adding: true },
      { type: 'edit', patch: { value: 'receipt' } },
      { type: 'saved', answer: state([news]) },
    );
    expect(typedOn.fields.value).toBe('receipt');
    const removed = run(
      { type: 'loaded', answer: state([news]) },
      { type: 'edit', patch: typed },
      { type: 'saving', adding: false },
      { type: 'saved', answer: state() },
    );
    expect(removed.fields).toEqual(typed);
    expect(statusLine(removed)).toMatch(/^Saved\. No rules yet\./);
  });
});
