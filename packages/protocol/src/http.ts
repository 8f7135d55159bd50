import { z } from 'zod';
import type { ProtocolError } from './errors.ts';

export const HttpPath = {
  Session: '/api/session',
  Health: '/api/health',
  SocketIo: '/socket.io',
} as const;

/** The header that must carry the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'x-tidings-csrf';
export const SESSION_COOKIE = 'tidings_sid';

// Characters no IMAP sign-in can carry: control characters in the user name (a mail address
// has none), CR, LF and NUL in the password (NUL separates AUTHENTICATE PLAIN's fields, and a
// line break ends a command).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const LINE_BREAK_OR_NUL = /[\r\n\0]/;

export const loginRequestSchema = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, 'Enter your email address')
      .max(320)
      .refine((email) => !CONTROL_CHARACTER.test(email), 'That is not an email address.'),
    password: z
      .string()
      .min(1, 'Enter your password')
      .max(1024)
      .refine(
        (password) => !LINE_BREAK_OR_NUL.test(password),
        'A password with a line break or a NUL character cannot be sent to the mail server.',
      ),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** Answer of GET/POST /api/session. Never contains the password. */
export interface SessionInfo {
  email: string;
  csrfToken: string;
}

export interface HttpErrorBody {
  error: ProtocolError;
}
