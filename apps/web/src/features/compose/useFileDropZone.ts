import { useEffect, useState, type DragEvent } from 'react';
import { carriesFiles, droppedFiles } from '../../lib/fileTransfer.ts';
import { DragDepth } from './dragDepth.ts';

export interface FileDropZone {
  /** Files are being dragged over the zone: show that a drop attaches them. */
  over: boolean;
  /** For the zone's element. */
  handlers: {
    onDragEnter(event: DragEvent<HTMLElement>): void;
    onDragOver(event: DragEvent<HTMLElement>): void;
    onDragLeave(event: DragEvent<HTMLElement>): void;
    onDrop(event: DragEvent<HTMLElement>): void;
  };
}

/**
 * An element that takes files dropped on it (the composer). Only drags carrying files
 * count: text moved inside the editor and message rows dragged to a folder keep the
 * browser's own handling.
 */
export function useFileDropZone(onFiles: (files: File[]) => void): FileDropZone {
  const [depth] = useState(() => new DragDepth());
  const [over, setOver] = useState(false);

  useEffect(() => {
    if (!over) return;
    // Escape hides the zone, and only that: the composer, which Escape closes, stays open.
    // Capture on the window, so that the composer's own key handling never sees it.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      setOver(depth.reset());
    };
    // A drag that ended without its last dragleave reaching the zone must not leave it shown.
    const onEnded = () => setOver(depth.reset());
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('drop', onEnded);
    window.addEventListener('dragend', onEnded);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('drop', onEnded);
      window.removeEventListener('dragend', onEnded);
    };
  }, [over, depth]);

  return {
    over,
    handlers: {
      onDragEnter(event) {
        if (!carriesFiles(event.dataTransfer)) return;
        // Accepted, the child entered stays the drag's current target, so that its dragleave
        // comes back up here to be counted (HTML, drag-and-drop processing model).
        event.preventDefault();
        setOver(depth.enter());
      },
      onDragOver(event) {
        if (!carriesFiles(event.dataTransfer)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(event) {
        if (!carriesFiles(event.dataTransfer)) return;
        const towards = event.relatedTarget;
        setOver(
          depth.leave(towards instanceof Node ? event.currentTarget.contains(towards) : null),
        );
      },
      onDrop(event) {
        if (!carriesFiles(event.dataTransfer)) return;
        // Else the browser opens the file in place of the app, or the editor inserts it.
        event.preventDefault();
        setOver(depth.reset());
        const files = droppedFiles(event.dataTransfer);
        if (files.length > 0) onFiles(files);
      },
    },
  };
}
