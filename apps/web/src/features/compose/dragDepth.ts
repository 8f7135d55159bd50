/**
 * Whether a drag is over an element, from the dragenter and dragleave events that reach it.
 * Every child the pointer crosses sends its own dragenter, before the dragleave of the one
 * it left (HTML, drag-and-drop processing model), so a plain "entered, left" flag would
 * flicker off at each child: the drag is inside while more enters than leaves have come.
 */
export class DragDepth {
  private depth = 0;

  /** Returns whether the drag is over the element: it is. */
  enter(): boolean {
    this.depth += 1;
    return true;
  }

  /**
   * `stillInside` is what the dragleave's relatedTarget tells, when the browser gives it:
   * gone outside means outside, whatever the count (a child removed under the pointer never
   * sends its dragleave up here). Returns whether the drag is still over the element.
   */
  leave(stillInside: boolean | null): boolean {
    if (stillInside === false) return this.reset();
    this.depth = Math.max(0, this.depth - 1);
    return this.depth > 0;
  }

  /** Dropped, cancelled or ended elsewhere. */
  reset(): false {
    this.depth = 0;
    return false;
  }
}
