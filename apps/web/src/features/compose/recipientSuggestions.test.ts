import { describe, expect, it } from 'vitest';
import { MAX_SUGGESTION_QUERY_CHARS } from '@tidings/protocol';
import {
  formatRecipient,
  freshSuggestions,
  recipientAtCaret,
  replaceRecipient,
  stepActive,
} from './recipientSuggestions.ts';
import { recipientProblem, splitRecipients } from './recipients.ts';

/** The field's text and caret from `text` with a `|` where the caret is. */
function caretIn(marked: string): [string, number] {
  const caret = marked.indexOf('|');
  return [marked.slice(0, caret) + marked.slice(caret + 1), caret];
}

const at = (marked: string) => recipientAtCaret(...caretIn(marked));

describe('recipientAtCaret', () => {
  it('is the text between the separators around the caret, trimmed for the query', () => {
    expect(at('ad|')).toEqual({ start: 0, end: 2, query: 'ad' });
    expect(at('bob@example.org, ad|a')).toEqual({ start: 16, end: 20, query: 'ada' });
    expect(at('bob@example.org; ad|a ;carol@example.org')).toEqual({
      start: 16,
      end: 21,
      query: 'ada',
    });
    expect(at('bob@example.org,\nada|')?.query).toBe('ada');
    expect(at('bob@example.org|, ada')?.query).toBe('bob@example.org');
  });

  it('keeps a quoted name with a comma in it as one recipient', () => {
    expect(at('bob@example.org, "Lovelace, A|')).toEqual({
      start: 16,
      end: 29,
      query: 'Lovelace, A',
    });
  });

  it('has nothing to look up with nothing typed, or after a separator', () => {
    expect(at('|')).toBeNull();
    expect(at('bob@example.org, |')).toBeNull();
    expect(at('bob@example.org,|')).toBeNull();
    expect(at('bob@example.org,   |  , carol')).toBeNull();
  });

  it('does not look up a recipient that is already written out', () => {
    expect(at('Ada Lovelace <ada@example.org>|')).toBeNull();
    expect(at('"Lovelace, Ada" <ada@exa|mple.org>')).toBeNull();
    expect(at('<ada@example.org>|, bob')).toBeNull();
    // Still being typed: the angle bracket is not closed.
    expect(at('Ada <ada@ex|')?.query).toBe('Ada <ada@ex');
  });

  it('asks nothing the gateway would refuse as too long', () => {
    expect(at(`${'a'.repeat(MAX_SUGGESTION_QUERY_CHARS)}|`)?.query).toHaveLength(
      MAX_SUGGESTION_QUERY_CHARS,
    );
    expect(at(`${'a'.repeat(MAX_SUGGESTION_QUERY_CHARS + 1)}|`)).toBeNull();
  });
});

describe('formatRecipient', () => {
  it('writes a plain name before the address in angle brackets', () => {
    expect(formatRecipient({ name: 'Ada Lovelace', address: 'ada@example.org' })).toBe(
      'Ada Lovelace <ada@example.org>',
    );
    expect(formatRecipient({ name: "Ada O'Brien-Byron", address: 'ada@example.org' })).toBe(
      "Ada O'Brien-Byron <ada@example.org>",
    );
    expect(formatRecipient({ name: 'Zoë Ångström', address: 'zoe@example.org' })).toBe(
      'Zoë Ångström <zoe@example.org>',
    );
  });

  it('quotes a name with specials in it, escaping quotes and backslashes', () => {
    expect(formatRecipient({ name: 'Lovelace, Ada', address: 'ada@example.org' })).toBe(
      '"Lovelace, Ada" <ada@example.org>',
    );
    expect(formatRecipient({ name: 'Ada L. Lovelace', address: 'ada@example.org' })).toBe(
      '"Ada L. Lovelace" <ada@example.org>',
    );
    expect(formatRecipient({ name: 'Ada "the" \\Countess', address: 'ada@example.org' })).toBe(
      '"Ada \\"the\\" \\\\Countess" <ada@example.org>',
    );
  });

  it('gives the bare address when there is no usable name', () => {
    expect(formatRecipient({ name: '', address: 'ada@example.org' })).toBe('ada@example.org');
    expect(formatRecipient({ name: ' \t ', address: 'ada@example.org' })).toBe('ada@example.org');
    expect(formatRecipient({ name: 'A'.repeat(257), address: 'ada@example.org' })).toBe(
      'ada@example.org',
    );
  });

  it('leaves out what no recipient check would accept in a name', () => {
    expect(formatRecipient({ name: 'Ada\r\n<Boss>  Lovelace', address: 'ada@example.org' })).toBe(
      'Ada Boss Lovelace <ada@example.org>',
    );
  });

  it('makes entries that split back into themselves and pass the recipient check', () => {
    for (const name of ['Lovelace, Ada', 'Ada; Bob', 'a "quoted, odd\\" name', 'Ada <x>', '']) {
      const entry = formatRecipient({ name, address: 'ada@example.org' });
      expect(splitRecipients(`${entry}, bob@example.org`)).toEqual([entry, 'bob@example.org']);
      expect(recipientProblem(entry), entry).toBeNull();
    }
  });
});

describe('replaceRecipient', () => {
  const ada = { name: 'Ada Lovelace', address: 'ada@example.org' };
  const replace = (marked: string, chosen = ada) => {
    const [text, caret] = caretIn(marked);
    return replaceRecipient(text, recipientAtCaret(text, caret)!, chosen);
  };

  it('puts the chosen recipient in place of what was typed, the caret after `, `', () => {
    expect(replace('ad|')).toEqual({ text: 'Ada Lovelace <ada@example.org>, ', caret: 32 });
    const after = replace('bob@example.org,ad|a');
    expect(after.text).toBe('bob@example.org, Ada Lovelace <ada@example.org>, ');
    expect(after.caret).toBe(after.text.length);
  });

  it('keeps the recipients that follow, with one separator between', () => {
    const { text, caret } = replace('bob@example.org, a|d ;  carol@example.org');
    expect(text).toBe('bob@example.org, Ada Lovelace <ada@example.org>, carol@example.org');
    expect(text.slice(0, caret)).toBe('bob@example.org, Ada Lovelace <ada@example.org>, ');
  });

  it('writes the name quoted when it needs it, or the bare address', () => {
    expect(replace('lov|', { name: 'Lovelace, Ada', address: 'ada@example.org' }).text).toBe(
      '"Lovelace, Ada" <ada@example.org>, ',
    );
    expect(replace('x, ad|', { name: '', address: 'ada@example.org' }).text).toBe(
      'x, ada@example.org, ',
    );
  });
});

describe('freshSuggestions', () => {
  const people = [
    { name: 'Ada Lovelace', address: 'ada@example.org' },
    { name: 'Ada Byron', address: 'Byron@Example.org' },
    { name: '', address: 'adam@example.org' },
  ];
  const fresh = (marked: string) => {
    const [text, caret] = caretIn(marked);
    return freshSuggestions(people, text, recipientAtCaret(text, caret)!).map((p) => p.address);
  };

  it('leaves out people already in the field, whatever the case or form', () => {
    expect(fresh('ad|')).toEqual(['ada@example.org', 'Byron@Example.org', 'adam@example.org']);
    expect(fresh('ADA@Example.org, ad|')).toEqual(['Byron@Example.org', 'adam@example.org']);
    expect(fresh('"Byron, Ada" <byron@example.org>; ad|, adam@example.org')).toEqual([
      'ada@example.org',
    ]);
  });

  it('does not count the recipient being typed as already there', () => {
    expect(fresh('ada@example.org|')).toContain('ada@example.org');
  });
});

describe('stepActive', () => {
  it('goes round the options, starting at either end', () => {
    expect(stepActive(-1, 1, 3)).toBe(0);
    expect(stepActive(-1, -1, 3)).toBe(2);
    expect(stepActive(0, 1, 3)).toBe(1);
    expect(stepActive(2, 1, 3)).toBe(0);
    expect(stepActive(0, -1, 3)).toBe(2);
    expect(stepActive(1, -1, 3)).toBe(0);
    expect(stepActive(-1, 1, 0)).toBe(-1);
  });
});
