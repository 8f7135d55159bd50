import type { MailboxInfo } from '@tidings/protocol';
import { ConfirmDialog } from '../actions/ConfirmDialog.tsx';
import {
  deleteQuestion,
  emptyQuestion,
  hasSubfolders,
  type FolderEditor,
  type FolderTask,
} from './folderManagement.ts';
import { folderLabel } from './folderTree.ts';
import { NewFolderDialog } from './NewFolderDialog.tsx';
import { RenameFolderDialog } from './RenameFolderDialog.tsx';

interface FolderDialogsProps {
  task: FolderTask | null;
  mailboxes: readonly MailboxInfo[];
  editor: FolderEditor;
  onClose: () => void;
}

/** The dialog for the folder task the user started, if any. */
export function FolderDialogs({ task, mailboxes, editor, onClose }: FolderDialogsProps) {
  if (!task) return null;
  switch (task.kind) {
    case 'markRead':
      return null; // done at once, without asking (MailApp)
    case 'create':
      return (
        <NewFolderDialog
          mailboxes={mailboxes}
          create={(parent, name) => editor.create(parent, name)}
          onClose={onClose}
        />
      );
    case 'rename':
      return (
        <RenameFolderDialog
          mailbox={task.mailbox}
          mailboxes={mailboxes}
          rename={(folder, name, parent) => editor.rename(folder, name, parent)}
          onClose={onClose}
        />
      );
    case 'empty':
    case 'delete': {
      // Its counts as they are now, not as they were when the menu opened.
      const folder = mailboxes.find((m) => m.path === task.mailbox.path) ?? task.mailbox;
      const emptying = task.kind === 'empty';
      const question = emptying
        ? emptyQuestion(folder)
        : deleteQuestion(folder, hasSubfolders(mailboxes, folder));
      return (
        <ConfirmDialog
          title={question.title}
          message={question.message}
          confirmLabel={emptying ? `Empty ${folderLabel(folder)}` : 'Delete folder'}
          onCancel={onClose}
          onConfirm={
            question.canConfirm
              ? () => {
                  onClose();
                  void (emptying ? editor.empty(folder) : editor.remove(folder));
                }
              : undefined
          }
        />
      );
    }
  }
}
