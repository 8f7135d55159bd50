import { useState } from 'react';
import { draftToSave, type ComposeState } from './composeDraft.ts';
import type { SaveState } from './useDraftStore.ts';

/** What the composer's status line says about the draft in Drafts ("Draft saved"). */
export function useDraftStatus(
  saveState: SaveState,
  { rich, editorEdits, state }: { rich: boolean; editorEdits: number; state: ComposeState },
): string {
  // Rich-text edits since the latest save (the editor's content is not state; its inputs are counted).
  const [seenSave, setSeenSave] = useState(saveState);
  const [editsAtSave, setEditsAtSave] = useState(0);
  if (saveState !== seenSave) {
    setSeenSave(saveState);
    setEditsAtSave(editorEdits);
  }
  // "Draft saved" only while it is true: a change since takes it away until the next save.
  const edited =
    saveState.kind === 'saved' &&
    (rich ? editorEdits > editsAtSave : JSON.stringify(draftToSave(state)) !== saveState.json);
  const shownSaveState = edited ? { kind: 'idle' as const } : saveState;
  return saveLabel(shownSaveState);
}

function saveLabel(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving draft…';
    case 'saved':
      return 'Draft saved';
    case 'failed':
      return `Draft not saved: ${state.message}`;
  }
}
