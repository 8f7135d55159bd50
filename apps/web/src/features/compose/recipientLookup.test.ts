import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ErrorCode,
  type Ack,
  type Correspondent,
  type RecipientSuggestions,
} from '@tidings/protocol';
import { RecipientLookup, SUGGEST_PAUSE_MS } from './recipientLookup.ts';

const person = (name: string): Correspondent => ({
  name,
  address: `${name.toLowerCase()}@example.org`,
});
const found = (...names: string[]): Ack<RecipientSuggestions> => ({
  ok: true,
  data: { suggestions: names.map(person) },
});

/** A gateway whose answers the test hands out, in any order. */
function setup() {
  const asked: string[] = [];
  const pending = new Map<string, (answer: Ack<RecipientSuggestions>) => void>();
  const failing = new Map<string, (error: Error) => void>();
  const shown: string[][] = [];
  const lookup = new RecipientLookup(
    (query) => {
      asked.push(query);
      return new Promise((resolve, reject) => {
        pending.set(query, resolve);
        failing.set(query, reject);
      });
    },
    (suggestions) => shown.push(suggestions.map((p) => p.name)),
  );
  const answer = async (query: string, reply: Ack<RecipientSuggestions>) => {
    pending.get(query)!(reply);
    await vi.runAllTimersAsync();
  };
  const fail = async (query: string) => {
    failing.get(query)!(new Error('socket gone'));
    await vi.runAllTimersAsync();
  };
  return { lookup, asked, shown, answer, fail };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RecipientLookup', () => {
  it('asks once typing pauses, for what was typed last', async () => {
    const { lookup, asked, shown, answer } = setup();
    lookup.lookFor('a');
    await vi.advanceTimersByTimeAsync(SUGGEST_PAUSE_MS - 1);
    lookup.lookFor('ad');
    await vi.advanceTimersByTimeAsync(SUGGEST_PAUSE_MS - 1);
    lookup.lookFor('ada');
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(SUGGEST_PAUSE_MS);
    expect(asked).toEqual(['ada']);
    await answer('ada', found('Ada'));
    expect(shown).toEqual([['Ada']]);
  });

  it('asks at once when told to, and not again for the same query', async () => {
    const { lookup, asked } = setup();
    lookup.lookFor('ada', true);
    expect(asked).toEqual(['ada']);
    lookup.lookFor('ada', true);
    lookup.lookFor('ada');
    await vi.runAllTimersAsync();
    expect(asked).toEqual(['ada']);
  });

  it('drops an answer that a later question overtook', async () => {
    const { lookup, shown, answer } = setup();
    lookup.lookFor('ad', true);
    lookup.lookFor('ada', true);
    await answer('ada', found('Ada'));
    await answer('ad', found('Adam', 'Ada'));
    expect(shown).toEqual([['Ada']]);
  });

  it('shows nothing once cleared, neither now nor when a late answer comes', async () => {
    const { lookup, asked, shown, answer } = setup();
    lookup.lookFor('ada', true);
    lookup.lookFor('adam');
    lookup.clear();
    expect(shown).toEqual([[]]);
    await answer('ada', found('Ada'));
    await vi.runAllTimersAsync();
    expect(asked).toEqual(['ada']);
    expect(shown).toEqual([[]]);
    // Cleared, the same query is asked again.
    lookup.lookFor('ada', true);
    expect(asked).toEqual(['ada', 'ada']);
  });

  it('shows no suggestions when the gateway refuses or the request fails, and asks again later', async () => {
    const { lookup, asked, shown, answer, fail } = setup();
    lookup.lookFor('ada', true);
    await answer('ada', {
      ok: false,
      error: { code: ErrorCode.ImapUnavailable, message: 'Not connected to Tidings right now.' },
    });
    expect(shown).toEqual([[]]);
    lookup.lookFor('ada', true);
    await fail('ada');
    expect(shown).toEqual([[], []]);
    lookup.lookFor('ada', true);
    expect(asked).toEqual(['ada', 'ada', 'ada']);
  });

  it('after cancel, asks nothing pending and shows no answer still to come', async () => {
    const { lookup, asked, shown, answer } = setup();
    lookup.lookFor('ada', true);
    lookup.cancel();
    lookup.lookFor('bob');
    lookup.cancel();
    await answer('ada', found('Ada'));
    await vi.runAllTimersAsync();
    expect(asked).toEqual(['ada']);
    expect(shown).toEqual([]);
  });
});
