import { MAX_DISPLAY_NAME_CHARS } from '@tidings/protocol';
import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/**
 * Who the user is when writing: the name shown in From (the address is always the signed-in
 * one) and a signature, as plain text and as HTML for the rich-text editor.
 *
 * Kept in localStorage like the other settings, one entry per account (several accounts may
 * sign in from one browser, each with its own name). IMAP has no standard place for a webmail's
 * preferences (METADATA, RFC 5464, is optional and seldom writable), and nothing here is secret.
 */
export interface Identity {
  name: string;
  signature: string;
  /** The signature as the rich-text editor shows it; empty: made from the plain one. */
  signatureHtml: string;
}

export const emptyIdentity: Identity = { name: '', signature: '', signatureHtml: '' };

/** Long enough for any signature people write; keeps a pasted document out of every message. */
export const MAX_SIGNATURE_CHARS = 10_000;
const KEY_PREFIX = 'tidings:identity:';

export function identityKey(account: string): string {
  return `${KEY_PREFIX}${account.trim().toLowerCase()}`;
}

/**
 * A name that can go into From: line breaks and other control characters become spaces (the
 * gateway refuses them: they could start a header of their own), runs of spaces one.
 */
export function cleanDisplayName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
      .slice(0, MAX_DISPLAY_NAME_CHARS)
  );
}

export function parseIdentity(raw: string | null): Identity {
  if (!raw) return emptyIdentity;
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof Identity, unknown>>;
    const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_SIGNATURE_CHARS) : '');
    return {
      name: cleanDisplayName(text(value.name)),
      signature: text(value.signature).replace(/\r\n?/g, '\n'),
      signatureHtml: text(value.signatureHtml),
    };
  } catch {
    // A hand-edited or foreign value: no identity rather than a broken one.
    return emptyIdentity;
  }
}

export function loadIdentity(
  account: string,
  store: SettingsStore | null = browserStorage(),
): Identity {
  try {
    return parseIdentity(store?.getItem(identityKey(account)) ?? null);
  } catch {
    return emptyIdentity;
  }
}

export function saveIdentity(
  account: string,
  identity: Identity,
  store: SettingsStore | null = browserStorage(),
): void {
  try {
    store?.setItem(identityKey(account), JSON.stringify(identity));
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}
