import { useLayoutEffect, type ClipboardEvent, type RefObject } from 'react';
import { takePastedFiles } from '../../lib/fileTransfer.ts';
import { safeLinkUrl } from './editorHtml.ts';

interface RichEditorProps {
  editorRef: RefObject<HTMLDivElement | null>;
  /** Where the editor starts: escaped text or sanitized HTML (see editorHtml.ts). */
  initialHtml: string;
  onInput: () => void;
  /** Where pasted files go (the composer attaches them); without it, only text is pasted. */
  onFiles?: (files: File[]) => void;
  describedBy?: string;
  /** The editing area's accessible name. */
  label?: string;
}

/**
 * The rich-text body: a contenteditable with bold, italic, links and lists. The browser's
 * editing commands do the work (execCommand is deprecated, but the only editing API that
 * keeps undo working); pasted content arrives as plain text, so nothing foreign gets in, and
 * pasted files (an image) become attachments, never a data: URL in the body. Files dropped
 * here are the composer's (see useFileDropZone).
 */
export function RichEditor({
  editorRef,
  initialHtml,
  onInput,
  onFiles,
  describedBy,
  label = 'Message',
}: RichEditorProps) {
  useLayoutEffect(() => {
    if (editorRef.current) editorRef.current.innerHTML = initialHtml;
    // Only the first content: afterwards the editor owns it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- set once, on mount
  }, []);

  function format(command: string, value?: string) {
    editorRef.current?.focus();
    document.execCommand(command, false, value);
    onInput();
  }

  function addLink() {
    const url = safeLinkUrl(window.prompt('Link to (a web or mail address):') ?? '');
    if (url) format('createLink', url);
  }

  function onPaste(event: ClipboardEvent<HTMLDivElement>) {
    if (onFiles && takePastedFiles(event, onFiles)) return;
    event.preventDefault();
    document.execCommand('insertText', false, event.clipboardData.getData('text/plain'));
  }

  return (
    <div className="editor">
      <div className="editor__toolbar" role="toolbar" aria-label="Formatting">
        {/* onMouseDown keeps the editor's text selection while the button is clicked. */}
        <button
          type="button"
          className="editor__button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => format('bold')}
        >
          <b>Bold</b>
        </button>
        <button
          type="button"
          className="editor__button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => format('italic')}
        >
          <i>Italic</i>
        </button>
        <button
          type="button"
          className="editor__button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={addLink}
        >
          Link
        </button>
        <button
          type="button"
          className="editor__button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => format('insertUnorderedList')}
        >
          Bulleted list
        </button>
        <button
          type="button"
          className="editor__button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => format('insertOrderedList')}
        >
          Numbered list
        </button>
      </div>
      <div
        ref={editorRef}
        className="editor__area composer__body"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        aria-describedby={describedBy}
        tabIndex={0}
        onInput={onInput}
        onPaste={onPaste}
      />
    </div>
  );
}
