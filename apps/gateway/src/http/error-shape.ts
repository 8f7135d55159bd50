import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode } from '@tidings/protocol';
import { sendError } from './http-session.ts';

/** What the browser is told when Fastify refuses a request before any route sees it. */
const CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request has no body.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request has a content type the gateway does not take.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request says a length its body does not have.',
};

/**
 * Every HTTP error in the one shape the app reads (`{ error: { code, message } }`), Fastify's
 * own refusals included (unparseable JSON, an empty or oversized body: its default answer has
 * another shape). A failure of the gateway itself is logged and answered without its details.
 */
export function registerErrorShape(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = CLIENT_ERRORS[error.code] ?? 'The request could not be read.';
      const code = status === 429 ? ErrorCode.RateLimited : ErrorCode.BadRequest;
      return sendError(reply, status, code, message);
    }
    request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return sendError(reply, 500, ErrorCode.Internal, 'Something went wrong on the gateway.');
  });
}
