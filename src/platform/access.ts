// Who may call a route: the token, the scope, the helpdesk header and the role, checked in the order Feishu's
// gateway and the helpdesk check them. Routes declare their rule in `config.access`; this is the only place it is enforced.
import type { FastifyRequest } from 'fastify';
import type { Helpdesk } from '../repositories/helpdesks-repository.js';
import { CREDENTIAL_TRUST_MS, type Caller, type CredentialChecker, type MaybePromise, type Trusted } from './credentials.js';
import { ApiError, errors } from './errors.js';
import { bearerToken, HELPDESK_HEADER, parseHelpdeskHeader } from './helpdesk-header.js';
import { TtlCache } from './ttl-cache.js';

export interface AccessRule {
  /**
   * 'any': tenant or user token (reads); 'user': a user token only (writes that act for a person); 'tenant': a
   * tenant token only (the app speaking as the helpdesk bot); 'app': the app itself, by its app_access_token or its
   * tenant_access_token (the OIDC token endpoints, which the Node SDK calls with the tenant token).
   */
  token: 'any' | 'user' | 'tenant' | 'app';
  /** read: helpdesk:all:readonly or helpdesk:all; write: helpdesk:all; access: start_service's own scope; none: any app. */
  scope: 'read' | 'write' | 'access' | 'none';
  /** 'admin': the user must be the helpdesk's owner or one of its admins. */
  role?: 'admin';
  /** false: no helpdesk header (Kefu's guest API, where the user token alone says who calls). */
  helpdesk?: false;
}

export const scopesFor = {
  read: ['helpdesk:all:readonly', 'helpdesk:all'],
  write: ['helpdesk:all'],
  access: ['helpdesk:helpdesk:access', 'helpdesk:all'],
  none: [],
} as const;

export interface AccessGranted {
  caller: Caller;
  helpdesk: Helpdesk;
}

/**
 * Credential pairs proven recently, by the exact header values that proved them: a client sends the same two headers
 * on every call, and recognising them costs a map lookup where proving them costs two hashes, a base64 decode and two
 * cache lookups. Only proofs are kept, never refusals. A proof expires when the older of the two facts it was made
 * from does (a token and a helpdesk read at most CREDENTIAL_TRUST_MS before), never later: caching proofs adds nothing
 * to how long a revocation can go unnoticed. The token's own expiry is checked on every use.
 */
export class ProvenCredentials {
  private readonly proofs = new TtlCache<AccessGranted>(CREDENTIAL_TRUST_MS);

  constructor(private readonly auth: CredentialChecker) {}

  lookup(authorization: string, helpdeskHeader: string): AccessGranted | undefined {
    const granted = this.proofs.get(`${authorization}\n${helpdeskHeader}`);
    return granted && this.auth.isLive(granted.caller) ? granted : undefined;
  }

  remember(authorization: string, helpdeskHeader: string, granted: AccessGranted, until: number): void {
    this.proofs.set(`${authorization}\n${helpdeskHeader}`, granted, until);
  }
}

/**
 * Checks the rule for a request. Answers at once when its credentials were proven in the last few seconds (nearly
 * every request; no promise to wait on), otherwise once they are read. Throws the ApiError a refusal answers.
 */
export function checkAccess(request: FastifyRequest, rule: AccessRule, auth: CredentialChecker, proven: ProvenCredentials): MaybePromise<AccessGranted> {
  const { authorization } = request.headers;
  const helpdeskHeader = request.headers[HELPDESK_HEADER];
  const known = rule.helpdesk !== false && typeof authorization === 'string' && typeof helpdeskHeader === 'string' ? proven.lookup(authorization, helpdeskHeader) : undefined;
  if (known) return grant(rule, known);

  const token = bearerToken(authorization);
  if (!token) throw new ApiError(errors.missingAccessToken);
  const caller = auth.verify(token);
  const prove = (c: Trusted<Caller> | undefined) => withCaller(request, rule, auth, proven, token, c);
  return caller instanceof Promise ? caller.then(prove) : prove(caller);
}

function withCaller(request: FastifyRequest, rule: AccessRule, auth: CredentialChecker, proven: ProvenCredentials, token: string, caller: Trusted<Caller> | undefined): MaybePromise<AccessGranted> {
  if (rule.token === 'app') {
    if (!caller || caller.value.kind === 'user') throw new ApiError(errors.invalidAppToken);
  } else if (!caller || caller.value.kind === 'app') {
    throw new ApiError(token.startsWith('u-') ? errors.invalidUserToken : errors.invalidTenantToken);
  }
  checkScope(rule, caller.value);
  if (rule.helpdesk === false) return grant(rule, { caller: caller.value, helpdesk: null as unknown as Helpdesk });

  const header = parseHelpdeskHeader(request.headers[HELPDESK_HEADER]);
  if (!header) throw new ApiError(errors.unauthorized, { detail: 'X-Lark-Helpdesk-Authorization is missing or malformed' });
  const helpdesk = auth.helpdeskFor(header.helpdesk_id, header.helpdesk_token);
  const prove = (h: Trusted<Helpdesk> | undefined) => withHelpdesk(request, rule, proven, caller, h);
  return helpdesk instanceof Promise ? helpdesk.then(prove) : prove(helpdesk);
}

function withHelpdesk(request: FastifyRequest, rule: AccessRule, proven: ProvenCredentials, caller: Trusted<Caller>, helpdesk: Trusted<Helpdesk> | undefined): AccessGranted {
  // Another tenant's helpdesk answers exactly like an unknown one: nothing about it is revealed.
  if (!helpdesk || helpdesk.value.tenant_key !== caller.value.tenant_key) {
    throw new ApiError(errors.unauthorized, { detail: 'the helpdesk credential is not valid for this app' });
  }
  const granted = { caller: caller.value, helpdesk: helpdesk.value };
  const until = Math.min(caller.until, helpdesk.until);
  proven.remember(request.headers.authorization as string, request.headers[HELPDESK_HEADER] as string, granted, until);
  return grant(rule, granted);
}

/** What the rule asks beyond valid credentials, in Feishu's order: the scope, the kind of token, the role. */
function grant(rule: AccessRule, granted: AccessGranted): AccessGranted {
  const { caller, helpdesk } = granted;
  checkScope(rule, caller);
  if (rule.token === 'user' && caller.kind !== 'user') {
    throw new ApiError(errors.noAccess, { detail: 'this call needs a user_access_token' });
  }
  if (rule.token === 'tenant' && caller.kind !== 'tenant') {
    throw new ApiError(errors.noAccess, { detail: 'this call needs a tenant_access_token' });
  }
  if (rule.role === 'admin' && !isOwnerOrAdmin(helpdesk, caller.open_id)) {
    throw new ApiError(errors.noAccess, { detail: 'the user is neither the owner nor an admin of this helpdesk' });
  }
  return granted;
}

function checkScope(rule: AccessRule, caller: Caller): void {
  const needed: readonly string[] = scopesFor[rule.scope];
  if (needed.length > 0 && !needed.some((s) => caller.scopes.includes(s))) {
    throw new ApiError(errors.scopeDenied, {
      detail: `[${needed.join(', ')}]`,
      permissionViolations: needed.map((subject) => ({ type: 'action_scope_required', subject, description: subject })),
    });
  }
}

function isOwnerOrAdmin(helpdesk: Helpdesk, open_id: string | null): boolean {
  return open_id !== null && (helpdesk.owner_open_id === open_id || helpdesk.admin_open_ids.includes(open_id));
}
