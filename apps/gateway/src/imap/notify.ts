import type { ImapFlow } from 'imapflow';
import { decodeModifiedUtf7 } from './mailbox-name.ts';

export interface FolderStatus {
  path: string;
  messages?: number;
  unseen?: number;
  uidValidity?: number;
}

interface Attribute {
  type?: string;
  value?: unknown;
}

/** imapflow's command queue and untagged handlers, which it does not type. */
interface RawConnection {
  exec(command: string, attributes: unknown[], options?: object): Promise<{ next: () => void }>;
  untaggedHandlers: Record<
    string,
    ((untagged: { attributes: unknown[] }) => Promise<void>) | null | undefined
  >;
}

export function offersNotify(client: ImapFlow): boolean {
  return client.capabilities.has('NOTIFY');
}

/** Reads `* STATUS name (MESSAGES n UNSEEN n ...)`. */
export function parseStatusResponse(attributes: unknown[]): FolderStatus | null {
  const name = (attributes[0] as Attribute | undefined)?.value;
  const items = attributes[1];
  if (typeof name !== 'string' || !Array.isArray(items)) return null;
  const status: FolderStatus = { path: decodeModifiedUtf7(name) };
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = String((items[i] as Attribute)?.value ?? '').toUpperCase();
    const value = Number((items[i + 1] as Attribute)?.value);
    if (!Number.isFinite(value)) continue;
    if (key === 'MESSAGES') status.messages = value;
    else if (key === 'UNSEEN') status.unseen = value;
    else if (key === 'UIDVALIDITY') status.uidValidity = value;
  }
  return status;
}

const atom = (value: string) => ({ type: 'ATOM', value });

/**
 * Turns on IMAP NOTIFY (RFC 5465) for this connection: the selected mailbox keeps its usual
 * EXISTS/EXPUNGE/FETCH, and every other personal mailbox reports changes as STATUS (counts)
 * and LIST (created, renamed, deleted). imapflow has no NOTIFY support, so the command and the
 * untagged handlers go through its internals; the caller falls back to STATUS polling if this
 * throws.
 */
export async function enableNotify(
  client: ImapFlow,
  handlers: { onStatus: (status: FolderStatus) => void; onMailboxNamesChanged: () => void },
): Promise<void> {
  const raw = client as unknown as RawConnection;
  raw.untaggedHandlers.STATUS = async (untagged) => {
    const status = parseStatusResponse(untagged.attributes);
    if (status) handlers.onStatus(status);
  };
  raw.untaggedHandlers.LIST = async () => handlers.onMailboxNamesChanged();
  const events = [atom('MessageNew'), atom('MessageExpunge'), atom('FlagChange')];
  const response = await raw.exec('NOTIFY', [
    atom('SET'),
    [atom('SELECTED'), events],
    [atom('PERSONAL'), [...events, atom('MailboxName'), atom('SubscriptionChange')]],
  ]);
  response.next();
}
