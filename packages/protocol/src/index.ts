export * from './version.ts';
export * from './errors.ts';
export * from './mail.ts';
export * from './events.ts';
export * from './http.ts';
export * from './reader.ts';
export * from './actions.ts';
export * from './compose.ts';
