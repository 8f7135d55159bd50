import { z } from 'zod';

/** Bumped on every incompatible change of an event name or payload shape. */
export const PROTOCOL_VERSION = 2;

/** What the browser sends in socket.io's handshake `auth` field. */
export const handshakeAuthSchema = z.object({
  protocolVersion: z.number().int(),
  /** The last account event `seq` this tab applied; lets the gateway replay or order a resync. */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;
