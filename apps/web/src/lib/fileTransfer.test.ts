import { describe, expect, it, vi } from 'vitest';
import {
  carriesFiles,
  droppedFiles,
  pastedFiles,
  refuseStrayFileDrops,
  takePastedFiles,
  type Transfer,
} from './fileTransfer.ts';

const notes = new File(['hello'], 'notes.txt', { type: 'text/plain' });
const picture = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });

/** A DataTransfer as the browser fills it: the types, then the files (read only at a drop). */
function transfer(types: string[], files: File[] = []): Transfer {
  return { types, files };
}

describe('carriesFiles', () => {
  it('knows a drag of files from its types alone, before the files can be read', () => {
    expect(carriesFiles(transfer(['Files']))).toBe(true);
    expect(carriesFiles(transfer(['text/uri-list', 'Files']))).toBe(true);
  });

  it('is false for text, a link, a message row, or no transfer at all', () => {
    expect(carriesFiles(transfer(['text/plain']))).toBe(false);
    expect(carriesFiles(transfer(['text/uri-list', 'text/html']))).toBe(false);
    expect(carriesFiles(transfer(['application/x-tidings-messages', 'text/plain']))).toBe(false);
    expect(carriesFiles(null)).toBe(false);
  });
});

describe('droppedFiles', () => {
  it('gives the files of a file drop, in order', () => {
    expect(droppedFiles(transfer(['Files'], [notes, picture]))).toEqual([notes, picture]);
  });

  it('gives nothing for a drop that is not of files', () => {
    expect(droppedFiles(transfer(['text/plain'], [notes]))).toEqual([]);
    expect(droppedFiles(null)).toEqual([]);
  });
});

describe('pastedFiles', () => {
  it('attaches a pasted image (a screenshot, a copied picture with its HTML)', () => {
    expect(pastedFiles(transfer(['Files'], [picture]))).toEqual([picture]);
    expect(pastedFiles(transfer(['text/html', 'Files'], [picture]))).toEqual([picture]);
  });

  it('leaves pasted text to the text, even when a picture of it comes along', () => {
    expect(pastedFiles(transfer(['text/plain']))).toEqual([]);
    expect(pastedFiles(transfer(['text/plain', 'text/html', 'Files'], [picture]))).toEqual([]);
    expect(pastedFiles(null)).toEqual([]);
  });
});

describe('takePastedFiles', () => {
  it('hands pasted files over and keeps the browser from inserting them', () => {
    const attach = vi.fn();
    const event = { clipboardData: transfer(['Files'], [picture]), preventDefault: vi.fn() };
    expect(takePastedFiles(event, attach)).toBe(true);
    expect(attach).toHaveBeenCalledWith([picture]);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('lets a paste of text through untouched', () => {
    const attach = vi.fn();
    const event = { clipboardData: transfer(['text/plain']), preventDefault: vi.fn() };
    expect(takePastedFiles(event, attach)).toBe(false);
    expect(attach).not.toHaveBeenCalled();
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});

describe('refuseStrayFileDrops', () => {
  type Listener = (event: DragEvent) => void;

  function setup() {
    const listeners = new Map<string, Listener>();
    refuseStrayFileDrops({
      addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    } as Pick<Window, 'addEventListener'>);
    const fire = (type: string, types: string[], defaultPrevented = false) => {
      const dataTransfer = { types, dropEffect: 'copy' };
      const event = { defaultPrevented, dataTransfer, preventDefault: vi.fn() };
      listeners.get(type)!(event as unknown as DragEvent);
      return { prevented: event.preventDefault.mock.calls.length > 0, dataTransfer };
    };
    return { fire };
  }

  it('refuses files dragged over or dropped where nothing takes them', () => {
    const { fire } = setup();
    const over = fire('dragover', ['Files']);
    expect(over.prevented).toBe(true);
    expect(over.dataTransfer.dropEffect).toBe('none');
    expect(fire('drop', ['Files']).prevented).toBe(true);
  });

  it('leaves a file drop the composer took, and drags of anything else, alone', () => {
    const { fire } = setup();
    const taken = fire('dragover', ['Files'], true);
    expect(taken.prevented).toBe(false);
    expect(taken.dataTransfer.dropEffect).toBe('copy');
    expect(fire('dragover', ['application/x-tidings-messages']).prevented).toBe(false);
    expect(fire('drop', ['text/plain']).prevented).toBe(false);
  });
});
