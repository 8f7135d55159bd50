import type { MailboxInfo } from '@tidings/protocol';
import type { FolderEditor } from './folderManagement.ts';
import { FolderNameDialog } from './FolderNameDialog.tsx';

interface RenameFolderDialogProps {
  mailbox: MailboxInfo;
  rename: FolderEditor['rename'];
  onClose: () => void;
}

/** "Rename folder": a new name at the same level; its subfolders go with it. */
export function RenameFolderDialog({ mailbox, rename, onClose }: RenameFolderDialogProps) {
  return (
    <FolderNameDialog
      title="Rename folder"
      description={`A new name for “${mailbox.name}”.`}
      initialName={mailbox.name}
      submitLabel="Rename"
      canSubmit={(name) => name !== '' && name !== mailbox.name}
      onSubmit={async (name) => {
        const answer = await rename(mailbox, name);
        return answer.ok ? null : answer.error.message;
      }}
      onClose={onClose}
    />
  );
}
