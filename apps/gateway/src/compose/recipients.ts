import { ErrorCode } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';

/** One parsed mailbox (RFC 5322 §3.4): what nodemailer gets as `{ name, address }`. */
export interface Recipient {
  name: string;
  address: string;
}

/** RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain, 254 for a usable path. */
const MAX_LOCAL_OCTETS = 64;
const MAX_DOMAIN_OCTETS = 255;
const MAX_ADDRESS_OCTETS = 254;
const MAX_LABEL_OCTETS = 63;
const MAX_NAME_CHARS = 256;

/** atext (RFC 5322 §3.2.3) plus UTF-8 beyond ASCII (RFC 6532 §3.2, for SMTPUTF8 servers). */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff}]+$/u;
/** A quoted local part: any printable ASCII, with `"` and `\` escaped (RFC 5322 §3.2.4). */
const QUOTED_LOCAL = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10ffff}]|\\[\x20-\x7e])*"$/u;
/** A domain label, letters/digits/hyphen (RFC 1035) or an IDN label (nodemailer punycodes it). */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
const TOP_LEVEL = /^(?:[\p{L}][\p{L}\p{M}]*|xn--[a-z0-9-]+)$/iu;
// eslint-disable-next-line no-control-regex -- control characters are what a display name must not hold
const CONTROL = /[\u0000-\u001f\u007f]/;

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

/** Why `address` is not a usable addr-spec, or null when it is. */
function addressProblem(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'is not an email address';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (octets(address) > MAX_ADDRESS_OCTETS || octets(local) > MAX_LOCAL_OCTETS)
    return 'is too long to be an email address';
  const dotAtom = local.split('.').every((atom) => ATEXT.test(atom));
  if (!dotAtom && !QUOTED_LOCAL.test(local)) return 'is not a valid email address';
  if (octets(domain) > MAX_DOMAIN_OCTETS) return 'has a domain that is too long';
  const labels = domain.split('.');
  // A bare host name (`ada@localhost`) is no address on the Internet; literals ([1.2.3.4]) are refused.
  if (labels.length < 2) return 'has no valid domain';
  const labelsOk = labels.every((l) => LABEL.test(l) && octets(l) <= MAX_LABEL_OCTETS);
  if (!labelsOk || !TOP_LEVEL.test(labels[labels.length - 1]!)) return 'has no valid domain';
  return null;
}

/** A display name as typed, unquoted (`"Lovelace, Ada"` → `Lovelace, Ada`). */
function displayName(raw: string): string | null {
  let name = raw.trim();
  if (name.startsWith('"')) {
    if (name.length < 2 || !name.endsWith('"')) return null;
    name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  } else if (name.includes('"')) return null;
  if (CONTROL.test(name) || name.length > MAX_NAME_CHARS) return null;
  return name.trim();
}

export type ParsedRecipient = { ok: true; recipient: Recipient } | { ok: false; problem: string };

/**
 * One recipient as typed: `ada@example.org`, `<ada@example.org>`, `Ada Lovelace <ada@example.org>`
 * or `"Lovelace, Ada" <ada@example.org>`. Exactly one mailbox: groups and lists are refused.
 */
export function parseRecipient(input: string): ParsedRecipient {
  const text = input.trim();
  if (CONTROL.test(text)) return { ok: false, problem: 'contains control characters' };
  const angle = /^([^<>]*)<([^<>]*)>$/.exec(text);
  let name = '';
  let address: string;
  if (angle) {
    const parsed = displayName(angle[1]!);
    if (parsed === null) return { ok: false, problem: 'has a malformed name' };
    name = parsed;
    address = angle[2]!.trim();
  } else {
    address = text;
    if (/[\s,;<>]/.test(address) && address.split('@').length > 2)
      return { ok: false, problem: 'holds more than one address; enter one per recipient' };
  }
  const problem = addressProblem(address);
  if (problem) return { ok: false, problem };
  return { ok: true, recipient: { name, address } };
}

export const RecipientField = { To: 'To', Cc: 'Cc', Bcc: 'Bcc' } as const;
export type RecipientField = (typeof RecipientField)[keyof typeof RecipientField];

/** Every entry parsed; the first that fails is named in a BAD_REQUEST the user can act on. */
export function parseRecipientList(entries: readonly string[], field: RecipientField): Recipient[] {
  return entries.map((entry) => {
    const parsed = parseRecipient(entry);
    if (!parsed.ok) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `"${entry.trim()}" in ${field} ${parsed.problem}.`,
      );
    }
    return parsed.recipient;
  });
}

/** Envelope recipients (RFC 5321 RCPT TO): each address once, whatever field it came from. */
export function envelopeRecipients(...lists: Recipient[][]): string[] {
  const seen = new Map<string, string>();
  for (const { address } of lists.flat()) {
    const key = address.toLowerCase();
    if (!seen.has(key)) seen.set(key, address);
  }
  return [...seen.values()];
}
