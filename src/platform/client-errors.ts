// Requests that Node's HTTP parser refuses before Fastify sees them (a malformed request line, control bytes or raw
// spaces in the target, headers past the size limit, a client too slow to finish its request) still get Feishu's
// envelope and a log id, like every other answer.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './envelope.js';
import { ApiError, badField, errors } from './errors.js';
import { sendError } from './feishu-platform.js';
import { newLogId } from './log-id.js';

export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError = clientApiError(error.code);
  const logId = newLogId();
  this.log.info({ log_id: logId, code: apiError.row.code, cause: error.code }, apiError.message);
  // Unless an answer is being written on this socket (a timeout can strike mid-answer): bytes of ours in the middle
  // of it would corrupt it. A kept-alive connection that finished its earlier answers is free to carry this one.
  if (socket.writable && !answerInFlight(socket)) {
    const body = JSON.stringify(errorBody(apiError, logId));
    const { status } = apiError.row;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Tt-Logid: ${logId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Node's HTTP server attaches the response it is writing to its socket (`_httpMessage`) and detaches it once the
 * response has finished; Node's own fallback answer checks the same two fields.
 */
function answerInFlight(socket: Socket): boolean {
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return Boolean(response?.headersSent);
}

function clientApiError(code: string | undefined): ApiError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ApiError(errors.requestTimeout);
  if (code === 'HPE_HEADER_OVERFLOW') return new ApiError(errors.headersTooLarge);
  return new ApiError(errors.badRequest, { detail: 'the request is not well-formed HTTP/1.1' });
}

/**
 * Fastify's framework errors: the router refuses a path that is not valid percent-encoding, or a path parameter
 * longer than maxParamLength, before any hook runs. They are answered like every other bad request.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Tt-Logid', request.id);
  const path = request.url.split('?')[0];
  if (error.code === 'FST_ERR_BAD_URL') return sendError(request, reply, badField('path', 'is not valid percent-encoded UTF-8', path));
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendError(request, reply, badField('path', 'has a parameter that is too long', path));
  const internal = new ApiError(errors.internal);
  internal.cause = error;
  sendError(request, reply, internal);
}
