import { useMemo, useState } from 'react';
import type { MailboxInfo } from '@tidings/protocol';
import { moveChoices, parentOf, type FolderEditor } from './folderManagement.ts';
import { FolderNameDialog } from './FolderNameDialog.tsx';
import { ParentSelect } from './ParentSelect.tsx';

interface RenameFolderDialogProps {
  mailbox: MailboxInfo;
  mailboxes: readonly MailboxInfo[];
  rename: FolderEditor['rename'];
  onClose: () => void;
}

/** "Rename or move folder": a new name, a new place, or both; its subfolders go with it. */
export function RenameFolderDialog({
  mailbox,
  mailboxes,
  rename,
  onClose,
}: RenameFolderDialogProps) {
  const choices = useMemo(() => moveChoices(mailboxes, mailbox), [mailboxes, mailbox]);
  const here = parentOf(mailbox);
  const [chosen, setChosen] = useState(here);
  // Another tab may delete the chosen folder while this one is open.
  const parent = choices.some((choice) => choice.path === chosen) ? chosen : here;
  const moving = parent !== here;

  return (
    <FolderNameDialog
      title="Rename or move folder"
      description={`A new name or place for “${mailbox.name}”; its subfolders go with it.`}
      initialName={mailbox.name}
      submitLabel="Save"
      canSubmit={(name) => name !== '' && (name !== mailbox.name || moving)}
      onSubmit={async (name) => {
        const answer = await rename(
          mailbox,
          name,
          moving ? (parent === '' ? null : parent) : undefined,
        );
        return answer.ok ? null : answer.error.message;
      }}
      onClose={onClose}
    >
      <ParentSelect choices={choices} value={parent} onChange={setChosen} />
    </FolderNameDialog>
  );
}
