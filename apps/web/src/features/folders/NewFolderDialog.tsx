import { useId, useMemo, useState } from 'react';
import type { MailboxInfo } from '@tidings/protocol';
import { parentChoices, type FolderEditor } from './folderManagement.ts';
import { FolderNameDialog } from './FolderNameDialog.tsx';

/** Subfolders are indented in the "Inside" list as they are in the folder list. */
const INDENT = '\u00a0\u00a0\u00a0';

interface NewFolderDialogProps {
  mailboxes: readonly MailboxInfo[];
  create: FolderEditor['create'];
  onClose: () => void;
}

/** "New folder": a name, and the folder to put it in (the top level first). */
export function NewFolderDialog({ mailboxes, create, onClose }: NewFolderDialogProps) {
  const choices = useMemo(() => parentChoices(mailboxes), [mailboxes]);
  const [chosen, setChosen] = useState('');
  const selectId = useId();
  // Another tab may delete the chosen folder while this one is open.
  const parent = choices.some((choice) => choice.path === chosen) ? chosen : '';

  return (
    <FolderNameDialog
      title="New folder"
      initialName=""
      submitLabel="Create"
      canSubmit={(name) => name !== ''}
      onSubmit={async (name) => {
        const answer = await create(parent === '' ? null : parent, name);
        return answer.ok ? null : answer.error.message;
      }}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor={selectId}>Inside</label>
        <select
          id={selectId}
          className="folder-dialog__select"
          value={parent}
          onChange={(event) => setChosen(event.target.value)}
        >
          {choices.map((choice) => (
            <option key={choice.path} value={choice.path}>
              {INDENT.repeat(choice.depth) + choice.label}
            </option>
          ))}
        </select>
      </div>
    </FolderNameDialog>
  );
}
