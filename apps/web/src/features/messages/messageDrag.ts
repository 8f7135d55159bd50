import type { MessageWindowState } from './messageWindow.ts';

interface DraggedMessages {
  mailbox: string;
  uidValidity: number;
  uids: number[];
}

/**
 * Rows dragged from the list onto a folder: the selection when the row dragged is part of
 * it, else the row alone. Kept here rather than in the drag's DataTransfer, which a drop
 * target may not read before the drop.
 */
export class MessageDrag {
  private dragging: DraggedMessages | null = null;

  /** Returns how many messages the drag carries. */
  start(list: MessageWindowState, checked: readonly number[], uid: number): number {
    const uids = checked.length > 1 && checked.includes(uid) ? [...checked] : [uid];
    this.dragging = { mailbox: list.mailbox, uidValidity: list.uidValidity, uids };
    return uids.length;
  }

  /** Not onto the folder they are in. */
  canDropOn(path: string): boolean {
    return this.dragging !== null && this.dragging.mailbox !== path;
  }

  /**
   * The UIDs to move onto `path`, or null. The list may have been reloaded under the drag
   * (another folder, a new uidValidity): then the UIDs no longer name the same messages.
   */
  drop(list: MessageWindowState | null, path: string): number[] | null {
    const dragged = this.dragging;
    this.dragging = null;
    if (!dragged || !list || dragged.mailbox === path) return null;
    if (list.mailbox !== dragged.mailbox || list.uidValidity !== dragged.uidValidity) return null;
    return dragged.uids;
  }

  end(): void {
    this.dragging = null;
  }
}
