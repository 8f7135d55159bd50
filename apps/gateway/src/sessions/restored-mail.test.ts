import { describe, expect, it } from 'vitest';
import { RESTORED_MEMORY_MS, RestoredMail } from './restored-mail.ts';

describe('RestoredMail', () => {
  it('names the restored among the UIDs asked about, in that folder and UIDVALIDITY only', () => {
    const restored = new RestoredMail(() => 0);
    restored.add('INBOX', 7, [10, 11]);
    expect([...restored.among('INBOX', 7, [9, 10, 11, 12])]).toEqual([10, 11]);
    expect(restored.among('Archive', 7, [10]).size).toBe(0);
    expect(restored.among('INBOX', 8, [10]).size).toBe(0);
  });

  it('is empty when nothing was restored', () => {
    expect(new RestoredMail().among('INBOX', 1, [1, 2, 3]).size).toBe(0);
  });

  it('forgets a folder’s UIDs a while after its last undo', () => {
    let now = 0;
    const restored = new RestoredMail(() => now);
    restored.add('INBOX', 7, [10]);
    now = RESTORED_MEMORY_MS - 1;
    restored.add('INBOX', 7, [11]);
    now = RESTORED_MEMORY_MS + 1;
    // The second undo kept the first one's UIDs too.
    expect([...restored.among('INBOX', 7, [10, 11])]).toEqual([10, 11]);
    now = 2 * RESTORED_MEMORY_MS;
    expect(restored.among('INBOX', 7, [10, 11]).size).toBe(0);
  });
});
