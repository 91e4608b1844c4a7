// The access rules of domain.md's "Who may do what", named once and used by every route.
import type { AccessRule } from './access.js';

export const readAccess: AccessRule = { token: 'any', scope: 'read' };
export const adminWriteAccess: AccessRule = { token: 'user', scope: 'write', role: 'admin' };
/** The app speaks as the helpdesk bot (start_service has a scope of its own). */
export const startServiceAccess: AccessRule = { token: 'tenant', scope: 'access' };
export const botWriteAccess: AccessRule = { token: 'tenant', scope: 'write' };
/** PUT tickets and agent replies: the user's role (agent, admin or owner) is checked by the service. */
export const userWriteAccess: AccessRule = { token: 'user', scope: 'write' };
export const adminReadAccess: AccessRule = { token: 'user', scope: 'read', role: 'admin' };
/**
 * Kefu's guest API: the guest's own user token, no helpdesk header; what they may reach is their own chats. Its
 * routes set `rateLimitClass: false`: Feishu's limits count per app and helpdesk, and every guest of a chat UI
 * calls through one app.
 */
export const guestAccess: AccessRule = { token: 'user', scope: 'none', helpdesk: false };
/** A person acting within their tenant, with no helpdesk header: a guest or an agent uploading an image. */
export const userUploadAccess: AccessRule = { token: 'user', scope: 'write', helpdesk: false };
/** Kefu's app settings (event subscription, delivery log): the app's own tenant token, no helpdesk header. */
export const appSettingsAccess: AccessRule = { token: 'tenant', scope: 'none', helpdesk: false };
/** events/subscribe and events/unsubscribe: a tenant token with a helpdesk read scope, and the helpdesk header. */
export const eventSubscribeAccess: AccessRule = { token: 'tenant', scope: 'read' };
/** Feishu's OIDC token endpoints: the app itself (app_access_token, or its tenant_access_token), no helpdesk header. */
export const appTokenAccess: AccessRule = { token: 'app', scope: 'none', helpdesk: false };
/** GET authen/v1/user_info: any user token, no helpdesk header. */
export const userInfoAccess: AccessRule = { token: 'user', scope: 'none', helpdesk: false };
