// ManageSieve responses (RFC 5804 §4): lines of atoms and strings, ended by OK, NO or BYE.

/** One word of a response line: an atom (ACTIVE, OK) or a string (quoted or literal). */
export type SieveToken = { atom: string } | { string: string };

export interface SieveResponse {
  /** The lines before the status line (capabilities, LISTSCRIPTS, GETSCRIPT's script). */
  lines: SieveToken[][];
  status: 'OK' | 'NO' | 'BYE';
  /** The response code in parentheses (`QUOTA/MAXSIZE`, `NONEXISTENT`), upper case; or null. */
  code: string | null;
  /** The human-readable text after it; may be empty. */
  text: string;
}

/** A server that sends more than this in one response is not a ManageSieve server. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export class SieveProtocolError extends Error {}

const ATOM = /^[^\s"(){}]+/;

/**
 * Reads one whole response from the front of `buffer`: the response and how many bytes it
 * took, or null while it is incomplete. Throws SieveProtocolError on what RFC 5804 does not
 * allow (the connection is then unusable).
 */
export function readResponse(buffer: Buffer): { response: SieveResponse; length: number } | null {
  let at = 0;
  const lines: SieveToken[][] = [];
  for (;;) {
    const line = readLine(buffer, at);
    if (!line) {
      if (buffer.length > MAX_RESPONSE_BYTES) {
        throw new SieveProtocolError('response too large');
      }
      return null;
    }
    at = line.next;
    const first = line.tokens[0];
    if (first && 'atom' in first && /^(OK|NO|BYE)$/i.test(first.atom)) {
      const status = first.atom.toUpperCase() as SieveResponse['status'];
      const rest = line.tokens.slice(1);
      let code: string | null = null;
      if (rest[0] && 'atom' in rest[0] && rest[0].atom.startsWith('(')) {
        code = (rest.shift() as { atom: string }).atom.slice(1, -1).toUpperCase();
      }
      const text = rest.map((t) => ('string' in t ? t.string : t.atom)).join(' ');
      return { response: { lines, status, code, text }, length: at };
    }
    lines.push(line.tokens);
  }
}

/** One CRLF-ended line from `start`, literals included; null while incomplete. */
function readLine(buffer: Buffer, start: number): { tokens: SieveToken[]; next: number } | null {
  const tokens: SieveToken[] = [];
  let at = start;
  for (;;) {
    while (buffer[at] === 0x20) at += 1;
    if (at >= buffer.length) return null;
    const char = buffer[at];
    if (char === 0x0d || char === 0x0a) {
      if (char === 0x0d) {
        if (at + 1 >= buffer.length) return null;
        if (buffer[at + 1] !== 0x0a) throw new SieveProtocolError('bare CR');
        return { tokens, next: at + 2 };
      }
      return { tokens, next: at + 1 };
    }
    if (char === 0x22) {
      const quoted = readQuoted(buffer, at);
      if (!quoted) return null;
      tokens.push({ string: quoted.value });
      at = quoted.next;
    } else if (char === 0x7b) {
      const literal = readLiteral(buffer, at);
      if (!literal) return null;
      tokens.push({ string: literal.value });
      at = literal.next;
    } else if (char === 0x28) {
      const end = closingParenthesis(buffer, at);
      if (end < 0) return null;
      tokens.push({ atom: buffer.toString('utf8', at, end + 1) });
      at = end + 1;
    } else {
      const rest = buffer.toString('latin1', at, Math.min(buffer.length, at + 1024));
      const atom = ATOM.exec(rest)?.[0];
      if (!atom) throw new SieveProtocolError(`unexpected ${JSON.stringify(rest[0])}`);
      if (at + atom.length >= buffer.length) return null;
      tokens.push({ atom });
      at += atom.length;
    }
  }
}

function readQuoted(buffer: Buffer, start: number): { value: string; next: number } | null {
  const bytes: number[] = [];
  for (let at = start + 1; at < buffer.length; at += 1) {
    const char = buffer[at]!;
    if (char === 0x22) return { value: Buffer.from(bytes).toString('utf8'), next: at + 1 };
    if (char === 0x5c) {
      at += 1;
      if (at >= buffer.length) return null;
      bytes.push(buffer[at]!);
    } else if (char === 0x0d || char === 0x0a) {
      throw new SieveProtocolError('line break in a quoted string');
    } else {
      bytes.push(char);
    }
  }
  return null;
}

/** `{n}` or `{n+}`, CRLF, then n octets. */
function readLiteral(buffer: Buffer, start: number): { value: string; next: number } | null {
  const header = /^\{(\d{1,9})\+?\}\r\n/.exec(buffer.toString('latin1', start, start + 16));
  if (!header) {
    if (buffer.length - start < 16 && !buffer.includes(0x0a, start)) return null;
    throw new SieveProtocolError('malformed literal');
  }
  const size = Number(header[1]);
  if (size > MAX_RESPONSE_BYTES) throw new SieveProtocolError('literal too large');
  const from = start + header[0].length;
  if (buffer.length < from + size) return null;
  return { value: buffer.toString('utf8', from, from + size), next: from + size };
}

/** The index of the `)` closing the code at `start`, skipping quoted strings; -1 if not yet in. */
function closingParenthesis(buffer: Buffer, start: number): number {
  let quoted = false;
  for (let at = start + 1; at < buffer.length; at += 1) {
    const char = buffer[at];
    if (quoted && char === 0x5c) at += 1;
    else if (char === 0x22) quoted = !quoted;
    else if (!quoted && char === 0x29) return at;
    else if (!quoted && (char === 0x0d || char === 0x0a)) {
      throw new SieveProtocolError('unclosed response code');
    }
  }
  return -1;
}

/** A ManageSieve quoted string (RFC 5804 §4): `"` and `\` escaped; no line breaks allowed. */
export function quoted(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new SieveProtocolError('line break or NUL in a string');
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** A non-synchronizing literal (RFC 5804 §4, `{n+}`): any text, sized in octets. */
export function literal(value: string): string {
  return `{${Buffer.byteLength(value, 'utf8')}+}\r\n${value}`;
}
