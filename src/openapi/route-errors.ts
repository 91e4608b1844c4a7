// Which rows of the error table a route can answer, for the OpenAPI document: the platform's (validation, body size,
// rate limits, the unexpected), those its access rule can refuse with (access.ts checks them in this order), and the
// few a service throws for one route only.
import type { AccessRule } from '../platform/access.js';
import { errors, type ErrorName, type ErrorRow } from '../platform/errors.js';

/** Errors a service answers for one route only, by `METHOD /url`. */
const ownErrors: Record<string, ErrorName[]> = {
  'POST /open-apis/auth/v3/tenant_access_token/internal': ['invalidAuthParam', 'invalidAppSecret', 'rateLimited'],
  'POST /open-apis/auth/v3/app_access_token/internal': ['invalidAuthParam', 'invalidAppSecret', 'rateLimited'],
  'POST /open-apis/helpdesk/v1/message': ['resourceNotFound', 'methodForbidden'],
  'GET /open-apis/helpdesk/v1/ticket_images': ['resourceNotFound', 'imageDeleted'],
  'GET /open-apis/helpdesk/v1/categories/:id': ['resourceNotFound'],
  'PATCH /open-apis/helpdesk/v1/categories/:id': ['resourceNotFound'],
  'DELETE /open-apis/helpdesk/v1/categories/:id': ['resourceNotFound'],
  'GET /open-apis/helpdesk/v1/faqs': ['resourceNotFound'],
  'GET /open-apis/helpdesk/v1/faqs/:id': ['resourceNotFound'],
  'PATCH /open-apis/helpdesk/v1/faqs/:id': ['resourceNotFound'],
  'DELETE /open-apis/helpdesk/v1/faqs/:id': ['resourceNotFound'],
  'GET /open-apis/helpdesk/v1/faqs/:id/image/:image_key': ['resourceNotFound', 'imageDeleted'],
  'GET /kefu/v1/apps/:app_id/event_subscription': ['resourceNotFound'],
  'GET /kefu/v1/apps/:app_id/events/:event_id': ['resourceNotFound'],
  'POST /kefu/v1/apps/:app_id/events/:event_id/redeliver': ['resourceNotFound'],
  // The push centre: an unknown notification, and a call its status forbids.
  'GET /open-apis/helpdesk/v1/notifications/:notification_id': ['resourceNotFound'],
  'PATCH /open-apis/helpdesk/v1/notifications/:notification_id': ['resourceNotFound', 'methodForbidden'],
  ...Object.fromEntries(
    ['preview', 'submit_approve', 'cancel_approve', 'execute_send', 'cancel_send'].map((action) => [
      `POST /open-apis/helpdesk/v1/notifications/:notification_id/${action}`,
      ['resourceNotFound', 'methodForbidden'] as ErrorName[],
    ]),
  ),
  'POST /kefu/v1/notifications/:notification_id/review': ['resourceNotFound', 'methodForbidden'],
  'POST /open-apis/authen/v1/oidc/access_token': ['oidcMissingParameter', 'oidcGrantTypeUnsupported', 'oidcCodeNotFound', 'oidcOtherApp', 'oidcCodeUsed', 'oidcCodeExpired', 'oidcRedirectUriMismatch'],
  'POST /open-apis/authen/v1/oidc/refresh_access_token': ['oidcMissingParameter', 'oidcGrantTypeUnsupported', 'oidcRefreshTokenInvalid', 'oidcOtherApp', 'oidcRefreshTokenUsed', 'oidcRefreshTokenExpired'],
  // Too many wrong secrets, as at the token endpoints. Its refusals proper (514, 1000040350) are HTTP 200 answers,
  // described by the 200 schema.
  'POST /callback/ws/endpoint': ['rateLimited'],
};

export interface RouteFacts {
  method: string;
  url: string;
  access?: AccessRule;
  /** false: the route is outside Feishu's per-app limits (Kefu's guest API). */
  rateLimited: boolean;
  takesBody: boolean;
}

export function accessErrors(rule: AccessRule): ErrorName[] {
  if (rule.token === 'app') return ['missingAccessToken', 'invalidAppToken'];
  const names: ErrorName[] = ['missingAccessToken', rule.token === 'user' ? 'invalidUserToken' : 'invalidTenantToken'];
  if (rule.token === 'any') names.push('invalidUserToken');
  if (rule.scope !== 'none') names.push('scopeDenied');
  if (rule.helpdesk !== false) names.push('unauthorized');
  if (rule.token !== 'any' || rule.role === 'admin') names.push('noAccess');
  return names;
}

export function routeErrors(route: RouteFacts): ErrorRow[] {
  const names: ErrorName[] = ['badRequest', 'requestTimeout', 'headersTooLarge', 'internal'];
  if (route.takesBody) names.push('payloadTooLarge');
  if (route.access) names.push(...accessErrors(route.access));
  if (route.access && route.rateLimited) names.push('rateLimited');
  names.push(...(ownErrors[`${route.method} ${route.url}`] ?? []));
  return [...new Set(names)].map((name) => errors[name]);
}
