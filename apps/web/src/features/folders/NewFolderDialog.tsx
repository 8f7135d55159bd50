import { useMemo, useState } from 'react';
import type { MailboxInfo } from '@tidings/protocol';
import { parentChoices, type FolderEditor } from './folderManagement.ts';
import { FolderNameDialog } from './FolderNameDialog.tsx';
import { ParentSelect } from './ParentSelect.tsx';

interface NewFolderDialogProps {
  mailboxes: readonly MailboxInfo[];
  create: FolderEditor['create'];
  onClose: () => void;
}

/** "New folder": a name, and the folder to put it in (the top level first). */
export function NewFolderDialog({ mailboxes, create, onClose }: NewFolderDialogProps) {
  const choices = useMemo(() => parentChoices(mailboxes), [mailboxes]);
  const [chosen, setChosen] = useState('');
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
      <ParentSelect choices={choices} value={parent} onChange={setChosen} />
    </FolderNameDialog>
  );
}
