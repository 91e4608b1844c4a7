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
  // Only when nothing of an answer went out yet (a timeout can strike while one is being written).
  if (socket.writable && socket.bytesWritten === 0) {
    const body = JSON.stringify(errorBody(apiError, logId));
    const { status } = apiError.row;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Tt-Logid: ${logId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
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
