import {
  CSRF_HEADER,
  ErrorCode,
  HttpPath,
  type HttpErrorBody,
  type LoginRequest,
  type SessionInfo,
} from '@tidings/protocol';

/** A failed call to the gateway's HTTP API, with the protocol's code and a message to show. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

const UNREACHABLE_MESSAGE =
  'Tidings cannot be reached right now. Check your connection and try again.';

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(ErrorCode.Internal, UNREACHABLE_MESSAGE, 0);
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Partial<HttpErrorBody> | null;
  const error = body?.error;
  if (error && typeof error.message === 'string' && typeof error.code === 'string') {
    return new ApiError(error.code, error.message, response.status);
  }
  // No protocol body: a proxy or the network answered, not the gateway.
  return new ApiError(ErrorCode.Internal, UNREACHABLE_MESSAGE, response.status);
}

/** The current session, or null when not signed in. */
export async function fetchSession(): Promise<SessionInfo | null> {
  const response = await call(HttpPath.Session, { headers: { accept: 'application/json' } });
  if (response.status === 401) return null;
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as SessionInfo;
}

export async function signIn(credentials: LoginRequest): Promise<SessionInfo> {
  const response = await call(HttpPath.Session, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as SessionInfo;
}

/** Ends the session; a session that had already ended counts as signed out. */
export async function signOut(csrfToken: string): Promise<void> {
  const response = await call(HttpPath.Session, {
    method: 'DELETE',
    headers: { [CSRF_HEADER]: csrfToken },
  });
  if (!response.ok && response.status !== 401) throw await errorFrom(response);
}
