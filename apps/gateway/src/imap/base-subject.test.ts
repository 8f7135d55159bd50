import { describe, expect, it } from 'vitest';
import { baseSubject } from './base-subject.ts';

describe('base subject (RFC 5256 §2.1)', () => {
  it.each([
    ['Lunch', 'lunch', false],
    ['Re: Lunch', 'lunch', true],
    ['RE: re:  Lunch', 'lunch', true],
    ['Fwd: Lunch', 'lunch', true],
    ['Fw: Lunch', 'lunch', true],
    ['Re[2]: Lunch', 'lunch', true],
    ['[team] Re: Lunch', 'lunch', true],
    ['Re: [team] Lunch', 'lunch', true],
    ['Lunch (fwd)', 'lunch', true],
    ['[Fwd: Re: Lunch]', 'lunch', true],
    ['  Lunch\t  plans ', 'lunch plans', false],
    ['[team]', '[team]', false],
    ['', '', false],
  ])('%j → %j', (subject, base, isReply) => {
    expect(baseSubject(subject)).toEqual({ base, isReply });
  });
});
