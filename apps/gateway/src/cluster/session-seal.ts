import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A browser session kept in Redis must not give away the mail password to whoever reads Redis.
 * The cookie carries a random token; Redis sees only what the token derives:
 * - the session id (a SHA-256 of the token): the record's key, safe to log and to publish;
 * - an AES-256-GCM key (HKDF of the token) that seals the record's secrets.
 * Any gateway process that is shown the cookie can find and open the record; Redis alone can
 * do neither, and a record moved under another id fails authentication (the id is the AAD).
 */

const ID_DOMAIN = 'tidings session id\n';
const KEY_INFO = 'tidings session record';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const CIPHER = 'aes-256-gcm';

export interface SealedRecord {
  iv: string;
  tag: string;
  data: string;
}

export function sessionIdFor(token: string): string {
  return createHash('sha256').update(ID_DOMAIN).update(token).digest('base64url');
}

function keyFor(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), '', KEY_INFO, KEY_BYTES));
}

export function seal(token: string, secret: unknown): SealedRecord {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, keyFor(token), iv);
  cipher.setAAD(Buffer.from(sessionIdFor(token)));
  const data = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** The sealed value, or undefined when the token does not open it (wrong cookie, tampering). */
export function unseal(token: string, sealed: SealedRecord): unknown {
  try {
    const decipher = createDecipheriv(CIPHER, keyFor(token), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sessionIdFor(token)));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.data, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
