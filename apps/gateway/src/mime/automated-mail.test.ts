import { describe, expect, it } from 'vitest';
import { isAutomated } from './automated-mail.ts';

const block = (...lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

describe('isAutomated', () => {
  it.each([
    ['a person’s message', block('Subject: Lunch?'), false],
    ['an auto-reply', block('Auto-Submitted: auto-replied'), true],
    ['a notification', block('Auto-Submitted: auto-generated'), true],
    ['Auto-Submitted: no', block('Auto-Submitted: no'), false],
    ['bulk mail', block('Precedence: bulk'), true],
    ['junk precedence', block('Precedence: junk'), true],
    ['a newsletter', block('List-Unsubscribe: <https://news.example/u>'), true],
    [
      'an announce-only list',
      block('List-Unsubscribe: <mailto:u@l.example>', 'List-Post: NO'),
      true,
    ],
    [
      'a discussion list post',
      block(
        'Precedence: list',
        'List-Unsubscribe: <mailto:users-leave@l.example>',
        'List-Post: <mailto:users@l.example>',
      ),
      false,
    ],
    ['folded values', block('Auto-Submitted:', ' auto-generated'), true],
    ['nothing', '', false],
  ])('%s', (_what, headers, automated) => {
    expect(isAutomated(headers)).toBe(automated);
  });
});
