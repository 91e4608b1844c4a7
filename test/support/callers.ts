// Credentials for raw requests: tenant tokens issued over HTTP, the fixture's user tokens, and the headers that make a
// request to an endpoint pass its access rule (so a fuzzer's input reaches validation and the handler).
import { acme, globex, helpdeskHeader } from './kefu.js';
import type { Endpoint } from './endpoints.js';
import type { RawHeader } from './raw-http.js';

export interface Callers {
  /** Tenant token of acme's helpdesk:all app. */
  acmeTenant: string;
  /** Tenant token of acme's read-only app. */
  acmeReadonlyTenant: string;
  /** Tenant token of globex's app. */
  globexTenant: string;
}

export async function issueTenantToken(baseUrl: string, app: { appId: string; appSecret: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: app.appId, app_secret: app.appSecret }),
  });
  const body = (await res.json()) as { tenant_access_token?: string };
  if (!body.tenant_access_token) throw new Error(`no tenant token for ${app.appId}: ${JSON.stringify(body)}`);
  return body.tenant_access_token;
}

export async function issueCallers(baseUrl: string): Promise<Callers> {
  return {
    acmeTenant: await issueTenantToken(baseUrl, acme.app),
    acmeReadonlyTenant: await issueTenantToken(baseUrl, acme.readonlyApp),
    globexTenant: await issueTenantToken(baseUrl, globex.app),
  };
}

export const acmeHelpdeskHeader = helpdeskHeader(acme.helpdesk.helpDeskId, acme.helpdesk.helpDeskToken);
export const globexHelpdeskHeader = helpdeskHeader(globex.helpdesk.helpDeskId, globex.helpdesk.helpDeskToken);

/** The token an endpoint's access rule wants from acme: a tenant token for reads, the owner's user token for writes. */
export function acmeTokenFor(e: Endpoint, callers: Callers): string | undefined {
  if (e.access === 'read' || e.access === 'tenantWrite' || e.access === 'appTenant' || e.access === 'appToken') return callers.acmeTenant;
  if (e.access === 'adminWrite' || e.access === 'adminRead' || e.access === 'userWrite') return acme.ownerToken;
  if (e.access === 'guest' || e.access === 'userUpload') return acme.plainUserToken;
  return undefined;
}

/** Headers that pass the endpoint's access rule as acme's owner or app, with a JSON content type. */
export function validHeaders(e: Endpoint, callers: Callers): RawHeader[] {
  const token = acmeTokenFor(e, callers);
  const headers: RawHeader[] = [['Content-Type', e.example.contentType ?? 'application/json; charset=utf-8']];
  if (token) headers.push(['Authorization', `Bearer ${token}`]);
  if (token && e.access !== 'userUpload' && e.access !== 'appTenant' && e.access !== 'appToken') headers.push(['X-Lark-Helpdesk-Authorization', acmeHelpdeskHeader]);
  return headers;
}
