export { startDovecot } from './dovecot.ts';
export type { Dovecot, DovecotOptions, MailUser } from './dovecot.ts';
export { deliverByLmtp } from './lmtp.ts';
export { MailClient } from './mail-client.ts';
export { buildMessage } from './build-message.ts';
export type { MessageSpec } from './build-message.ts';
export { createRng } from './rng.ts';
export { randomMessage } from './random-message.ts';
export { seedDemoAccount } from './seed-demo-account.ts';
