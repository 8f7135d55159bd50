import { describe, expect, it } from 'vitest';
import { windowFromResponse } from './messageWindow.ts';
import { MessageDrag } from './messageDrag.ts';

const list = (mailbox: string, uidValidity = 1) =>
  windowFromResponse({
    mailbox,
    uidValidity,
    total: 0,
    unread: 0,
    offset: 0,
    seq: 0,
    messages: [],
  });

describe('MessageDrag', () => {
  it('carries the selection when the dragged row is in it, else the row alone', () => {
    const drag = new MessageDrag();
    expect(drag.start(list('INBOX'), [3, 2], 2)).toBe(2);
    expect(drag.drop(list('INBOX'), 'Work')).toEqual([3, 2]);
    expect(drag.start(list('INBOX'), [3, 2], 9)).toBe(1);
    expect(drag.drop(list('INBOX'), 'Work')).toEqual([9]);
  });

  it('never drops onto the own folder, nor after the list changed', () => {
    const drag = new MessageDrag();
    drag.start(list('INBOX'), [], 1);
    expect(drag.canDropOn('INBOX')).toBe(false);
    expect(drag.canDropOn('Work')).toBe(true);
    expect(drag.drop(list('INBOX', 2), 'Work')).toBeNull();
    expect(drag.canDropOn('Work')).toBe(false);
  });
});
