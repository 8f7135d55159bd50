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

export const loginRequestSchema = z
  .object({
    email: z.string().trim().min(1, 'Enter your email address').max(320),
    password: z.string().min(1, 'Enter your password').max(1024),
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
