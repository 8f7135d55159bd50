import type { ListUnsubscribe } from '@tidings/protocol';
import { headerField } from './header-fields.ts';

/**
 * A message's List-Unsubscribe (RFC 2369 §3.2) and List-Id (RFC 2919), read from its header
 * block. Pure. The header comes from whoever sent the message, so everything is checked: only
 * mailto: and http(s): are taken, a mailto names one address and nothing else (no Cc, no
 * further recipients), and its subject and body are bounded text without control characters.
 */

/** The header fields to FETCH for this (imapflow `headers`). */
export const LIST_HEADERS = ['list-unsubscribe', 'list-id'];

const MAX_URL_CHARS = 2_048;
const MAX_LIST_NAME_CHARS = 200;
const MAX_SUBJECT_CHARS = 200;
const MAX_BODY_CHARS = 2_000;
const MAX_ADDRESS_CHARS = 254;
/** Dot-atom local part (RFC 5322 §3.4.1) at a dotted domain: what a list's request address is. */
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
// eslint-disable-next-line no-control-regex -- control characters are what must not pass
const CONTROL = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- the same, line breaks kept: a body has lines
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

/** An unsubscribe request by mail, as its mailto: URL asks for it (RFC 6068). */
export interface UnsubscribeMail {
  address: string;
  subject: string;
  body: string;
}

export interface ListHeaders {
  /** What the reader is told. */
  offer: ListUnsubscribe;
  /** What the gateway sends, when the list takes requests by mail. */
  mail: UnsubscribeMail | null;
}

/** The message's ways to unsubscribe; null when it names none that can be used. */
export function readListHeaders(headerBlock: string): ListHeaders | null {
  const value = headerField(headerBlock, 'list-unsubscribe');
  if (value === null) return null;
  let mail: UnsubscribeMail | null = null;
  let url: string | null = null;
  for (const uri of bracketed(value)) {
    if (/^mailto:/i.test(uri)) mail ??= mailtoOf(uri);
    else if (/^https?:/i.test(uri)) url ??= webPageOf(uri);
  }
  if (!mail && !url) return null;
  const list = listName(headerField(headerBlock, 'list-id')) || mail?.address || hostOf(url);
  return { offer: { list, mailto: mail?.address ?? null, url }, mail };
}

/** A list's id (RFC 2919 §2: a dot-atom, at most 255 characters); bounded, so checked. */
const LIST_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/;

/** The id of the list a message came through (List-Id, RFC 2919), for filter rules; or null. */
export function readListId(headerBlock: string): string | null {
  const value = headerField(headerBlock, 'list-id');
  const id = value === null ? undefined : /<([^<>]*)>/.exec(value)?.[1]?.trim();
  return id && id.length <= 255 && LIST_ID.test(id) ? id : null;
}

/** `<uri>, <uri>` (RFC 2369 §2): whitespace inside the brackets is folding and is dropped. */
function bracketed(value: string): string[] {
  return [...value.matchAll(/<([^<>]*)>/g)].map((match) => match[1]!.replace(/\s+/g, ''));
}

function mailtoOf(uri: string): UnsubscribeMail | null {
  const [to = '', query = ''] = uri.slice('mailto:'.length).split('?', 2);
  const fields = new Map<string, string>();
  for (const pair of query.split('&')) {
    const [key = '', raw = ''] = pair.split('=', 2);
    const decoded = decode(raw);
    if (key && decoded !== null) fields.set(decode(key)?.toLowerCase() ?? '', decoded);
  }
  // The first address only (of the path, else of `to=`): a request goes to the list, not on.
  const address = (decode(to) || fields.get('to') || '').split(',')[0]!.trim();
  if (address.length > MAX_ADDRESS_CHARS || !ADDRESS.test(address)) return null;
  return {
    address,
    subject: oneLine(fields.get('subject') ?? '').slice(0, MAX_SUBJECT_CHARS) || 'unsubscribe',
    body: (fields.get('body') ?? '')
      .replace(/\r\n?/g, '\n')
      .replace(CONTROL_BUT_LF, ' ')
      .slice(0, MAX_BODY_CHARS),
  };
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function webPageOf(uri: string): string | null {
  if (uri.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  // A page that would sign the browser in somewhere (user:password@) is not an unsubscribe link.
  if (url.username || url.password) return null;
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

function hostOf(url: string | null): string {
  return url ? new URL(url).hostname : '';
}

/** `Phrase <list-id>` → the phrase (unquoted), else the id; an encoded word is left for the id. */
function listName(value: string | null): string {
  if (!value) return '';
  const id = /<([^<>]*)>/.exec(value)?.[1]?.trim() ?? '';
  let phrase = value.replace(/<[^<>]*>/, '').trim();
  if (phrase.startsWith('"') && phrase.endsWith('"') && phrase.length >= 2) {
    phrase = phrase.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  const name = phrase && !phrase.includes('=?') ? phrase : id || phrase;
  return oneLine(name).slice(0, MAX_LIST_NAME_CHARS);
}

function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}
