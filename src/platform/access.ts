// Who may call a route: the token, the scope, the helpdesk header and the role, checked in the order Feishu's
// gateway and the helpdesk check them. Routes declare their rule in `config.access`; this is the only place it is enforced.
import type { FastifyRequest } from 'fastify';
import type { AuthService, Caller, MaybePromise } from '../services/auth-service.js';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import { ApiError, errors } from './errors.js';
import { bearerToken, HELPDESK_HEADER, parseHelpdeskHeader } from './helpdesk-header.js';

export interface AccessRule {
  /** 'any': tenant or user token (reads); 'user': a user token only (writes that act for a person). */
  token: 'any' | 'user';
  /** read: helpdesk:all:readonly or helpdesk:all; write: helpdesk:all. */
  scope: 'read' | 'write';
  /** 'admin': the user must be the helpdesk's owner or one of its admins. */
  role?: 'admin';
}

export const scopesFor = {
  read: ['helpdesk:all:readonly', 'helpdesk:all'],
  write: ['helpdesk:all'],
} as const;

export interface AccessGranted {
  caller: Caller;
  helpdesk: Helpdesk;
}

/**
 * Checks the rule for a request. Answers at once when the token and the helpdesk were seen in the last few seconds
 * (nearly every request; no promise to wait on), otherwise once they are read. Throws the ApiError a refusal answers.
 */
export function checkAccess(request: FastifyRequest, rule: AccessRule, auth: AuthService): MaybePromise<AccessGranted> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new ApiError(errors.missingAccessToken);
  const caller = auth.verify(token);
  return caller instanceof Promise ? caller.then((c) => withCaller(request, rule, auth, token, c)) : withCaller(request, rule, auth, token, caller);
}

function withCaller(request: FastifyRequest, rule: AccessRule, auth: AuthService, token: string, caller: Caller | undefined): MaybePromise<AccessGranted> {
  if (!caller || caller.kind === 'app') {
    throw new ApiError(token.startsWith('u-') ? errors.invalidUserToken : errors.invalidTenantToken);
  }

  const needed = scopesFor[rule.scope];
  if (!needed.some((s) => caller.scopes.includes(s))) {
    throw new ApiError(errors.scopeDenied, {
      detail: `[${needed.join(', ')}]`,
      permissionViolations: needed.map((subject) => ({ type: 'action_scope_required', subject, description: subject })),
    });
  }

  const header = parseHelpdeskHeader(request.headers[HELPDESK_HEADER]);
  if (!header) throw new ApiError(errors.unauthorized, { detail: 'X-Lark-Helpdesk-Authorization is missing or malformed' });
  const helpdesk = auth.helpdeskFor(header.helpdesk_id, header.helpdesk_token);
  return helpdesk instanceof Promise ? helpdesk.then((h) => withHelpdesk(rule, caller, h)) : withHelpdesk(rule, caller, helpdesk);
}

function withHelpdesk(rule: AccessRule, caller: Caller, helpdesk: Helpdesk | undefined): AccessGranted {
  // Another tenant's helpdesk answers exactly like an unknown one: nothing about it is revealed.
  if (!helpdesk || helpdesk.tenant_key !== caller.tenant_key) {
    throw new ApiError(errors.unauthorized, { detail: 'the helpdesk credential is not valid for this app' });
  }
  if (rule.token === 'user' && caller.kind !== 'user') {
    throw new ApiError(errors.noAccess, { detail: 'this call needs a user_access_token' });
  }
  if (rule.role === 'admin' && !isOwnerOrAdmin(helpdesk, caller.open_id)) {
    throw new ApiError(errors.noAccess, { detail: 'the user is neither the owner nor an admin of this helpdesk' });
  }
  return { caller, helpdesk };
}

function isOwnerOrAdmin(helpdesk: Helpdesk, open_id: string | null): boolean {
  return open_id !== null && (helpdesk.owner_open_id === open_id || helpdesk.admin_open_ids.includes(open_id));
}
