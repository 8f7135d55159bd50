import pino, { type Logger } from 'pino';

/** Paths that could ever hold a secret; pino replaces them before a line is written. */
const REDACT = [
  'password',
  '*.password',
  'pass',
  '*.pass',
  'auth',
  '*.auth',
  'credentials',
  '*.credentials',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-tidings-csrf"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'tidings-gateway' } },
    destination,
  );
}
