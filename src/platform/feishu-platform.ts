// Feishu's platform conventions, in one place every route passes through: the log id, the access check, the
// {code, msg, data} envelope for every error, and what happens to bodies on GET.
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { readGetBody } from './get-body.js';
import { checkAccess, ProvenCredentials, type AccessGranted, type AccessRule } from './access.js';
import { errorBody } from './envelope.js';
import { ApiError, badField, errors } from './errors.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import type { Caller, CredentialChecker } from './credentials.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** The route reads a JSON body on GET (Feishu's ticket_customized_fields list takes its filter there). */
    readsGetBody?: boolean;
  }
  interface FastifyRequest {
    caller: Caller;
    helpdesk: Helpdesk;
  }
  interface FastifyReply {
    /** The Feishu code of the answer: 0 unless sendError answered with a row of the error table (the metrics count it). */
    feishuCode: number;
  }
}

export const feishuPlatform = fp<{ auth: CredentialChecker }>(async (app, { auth }) => {
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('helpdesk', null as unknown as Helpdesk);
  app.decorateReply('feishuCode', 0);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Tt-Logid', request.id);
    done();
  });

  const proven = new ProvenCredentials(auth);
  // Each route that declares an access rule gets its own check, first among its hooks: routes without one (health
  // checks, token issuing) pay nothing, and no request looks its rule up.
  app.addHook('onRoute', (route) => {
    const rule = route.config?.access;
    if (!rule) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [accessHook(rule, auth, proven), ...own];
  });
  app.addHook('onRoute', (route) => {
    if (!route.config?.readsGetBody) return;
    const own = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [readGetBody(app.initialConfig.bodyLimit ?? 1024 * 1024), ...own];
  });

  // The Node SDK sends `{}` as the body of every GET; bodies on GET and DELETE are read and ignored. (Fastify never
  // reads a GET's body at all: a route that declares `readsGetBody` reads it itself, below.)
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: app.initialConfig.bodyLimit }, (request, body, done) => {
    if (request.method === 'GET' || request.method === 'DELETE' || request.method === 'HEAD') return done(null, undefined);
    done(badField('Content-Type', 'must be application/json', request.headers['content-type']), undefined);
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: app.initialConfig.bodyLimit }, (request, body, done) => {
    if (request.method === 'GET' || request.method === 'DELETE' || request.method === 'HEAD') return done(null, undefined);
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, new ApiError(errors.notFound, { detail: `${request.method} ${request.url.split('?')[0]}` }));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    sendError(request, reply, toApiError(error, request));
  });
});

/** The onRequest hook enforcing one rule: synchronous when the caller's credentials are cached, as they nearly always are. */
function accessHook(rule: AccessRule, auth: CredentialChecker, proven: ProvenCredentials): onRequestHookHandler {
  return (request, _reply, done) => {
    let granted: ReturnType<typeof checkAccess>;
    try {
      granted = checkAccess(request, rule, auth, proven);
    } catch (error) {
      return done(error as Error);
    }
    if (!(granted instanceof Promise)) return admit(request, granted, done);
    granted.then((g) => admit(request, g, done), done);
  };
}

function admit(request: FastifyRequest, granted: AccessGranted, done: HookHandlerDoneFunction): void {
  request.caller = granted.caller;
  request.helpdesk = granted.helpdesk;
  done();
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): void {
  if (error.row.status >= 500) request.log.error({ err: error.cause ?? error }, 'internal error');
  else request.log.info({ code: error.row.code, field_violations: error.details.fieldViolations?.map((v) => v.field) }, error.row.msg);
  for (const [name, value] of Object.entries(error.details.headers ?? {})) reply.header(name, value);
  reply.feishuCode = error.row.code;
  reply.code(error.row.status).type('application/json; charset=utf-8').send(errorBody(error, request.id));
}

/** Any thrown thing becomes a row of the error table; an unexpected one is 500/155000 with nothing of its insides. */
function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  const status = error.statusCode ?? 500;
  if (status === 413) return new ApiError(errors.payloadTooLarge, { detail: `the limit is ${request.server.initialConfig.bodyLimit} bytes` });
  if (status === 429) return new ApiError(errors.rateLimited);
  if (status >= 400 && status < 500) return badField('body', error.message);
  const internal = new ApiError(errors.internal);
  internal.cause = error;
  return internal;
}

/**
 * How deep a JSON body may nest. Feishu's bodies need under ten levels; a deeper one is refused before parsing, since
 * what handles it afterwards (validation, JSON.stringify, the error answer) recurses and would exhaust the stack.
 */
export const MAX_BODY_DEPTH = 64;

/** JSON.parse that refuses keys which could poison prototypes, and names the body as the bad field. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  if (nestingDepth(text) > MAX_BODY_DEPTH) throw badField('body', `nests deeper than ${MAX_BODY_DEPTH} levels`);
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    throw badField('body', `is not valid JSON (${(e as Error).message})`);
  }
}

/** The deepest nesting of objects and arrays in JSON text (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
