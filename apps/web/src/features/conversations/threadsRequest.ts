import {
  ErrorCode,
  Events,
  type Ack,
  type MessageThreadsRequest,
  type ThreadPage,
} from '@tidings/protocol';
import { REQUEST_TIMEOUT_MS, type GatewaySocket } from '../../lib/socket.ts';

/** A page of a folder's conversations (`message:threads`). */
export function requestThreads(
  socket: GatewaySocket,
  request: MessageThreadsRequest,
): Promise<Ack<ThreadPage>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageThreads, request)
    .catch(() => ({
      ok: false as const,
      error: { code: ErrorCode.Internal, message: 'The server did not answer in time.' },
    }));
}
