/** What this module reads of a DataTransfer (a drag's or the clipboard's). */
export interface Transfer {
  readonly types: readonly string[];
  readonly files: ArrayLike<File>;
}

/**
 * The type a drag from the desktop (or a paste of copied files) lists. During dragenter and
 * dragover the files themselves cannot be read yet (the drag data store is protected until
 * the drop), but `types` can: this is how a drop target knows early that files are coming.
 */
const FILES_TYPE = 'Files';

export function carriesFiles<T extends Pick<Transfer, 'types'>>(transfer: T | null): transfer is T {
  return transfer !== null && transfer.types.includes(FILES_TYPE);
}

/** The files dropped; nothing for a drag of text, a link or a message row. */
export function droppedFiles(transfer: Transfer | null): File[] {
  return carriesFiles(transfer) ? Array.from(transfer.files) : [];
}

/**
 * The files to attach from a paste, or nothing when the paste is text. Office programs and
 * some browsers put a picture of what was copied (a spreadsheet's cells, a paragraph) on the
 * clipboard beside its text: the text is what the user meant, so text present wins.
 */
export function pastedFiles(transfer: Transfer | null): File[] {
  if (transfer === null || transfer.types.includes('text/plain')) return [];
  return droppedFiles(transfer);
}

/**
 * Files dropped where nothing takes them would make the browser open the file in place of
 * the app (a composer full of text lost). Installed once on the window: a file drag nothing
 * else accepted (`defaultPrevented`) is refused, the cursor saying so. Drags of anything
 * else (message rows onto folders, text) are left alone.
 */
export function refuseStrayFileDrops(target: Pick<Window, 'addEventListener'>): void {
  const refuse = (event: DragEvent) => {
    if (event.defaultPrevented || !carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'none';
  };
  target.addEventListener('dragover', refuse);
  target.addEventListener('drop', refuse);
}

/**
 * A paste of files goes to `attach` rather than into the text (where the browser would put
 * an image as a data: URL, or nothing at all). Returns whether it did.
 */
export function takePastedFiles(
  event: { readonly clipboardData: Transfer | null; preventDefault(): void },
  attach: (files: File[]) => void,
): boolean {
  const files = pastedFiles(event.clipboardData);
  if (files.length === 0) return false;
  event.preventDefault();
  attach(files);
  return true;
}
