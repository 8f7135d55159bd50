import type { ListResponse } from 'imapflow';
import { MailboxRole, type MailboxInfo } from '@tidings/protocol';
import { isSelectable } from './folder-paths.ts';

const ROLE_BY_SPECIAL_USE = new Map<string, MailboxRole>([
  ['\\inbox', MailboxRole.Inbox],
  ['\\sent', MailboxRole.Sent],
  ['\\drafts', MailboxRole.Drafts],
  ['\\trash', MailboxRole.Trash],
  ['\\junk', MailboxRole.Junk],
  ['\\archive', MailboxRole.Archive],
  ['\\all', MailboxRole.All],
  ['\\flagged', MailboxRole.Flagged],
]);

/** Special-use flags come back in any case (`\sent`, `\Sent`): compare lower-cased. */
export function roleOf(
  entry: Pick<ListResponse, 'path' | 'specialUse' | 'flags'>,
): MailboxRole | null {
  if (entry.path.toUpperCase() === 'INBOX') return MailboxRole.Inbox;
  if (entry.specialUse) {
    const role = ROLE_BY_SPECIAL_USE.get(entry.specialUse.toLowerCase());
    if (role) return role;
  }
  for (const flag of entry.flags) {
    const role = ROLE_BY_SPECIAL_USE.get(flag.toLowerCase());
    if (role) return role;
  }
  return null;
}

export function toMailboxInfo(entry: ListResponse): MailboxInfo {
  const selectable = isSelectable(entry);
  return {
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter ?? '/',
    role: roleOf(entry),
    total: entry.status?.messages ?? 0,
    unread: entry.status?.unseen ?? 0,
    selectable,
  };
}
