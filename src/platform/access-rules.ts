// The access rules of domain.md's "Who may do what", named once and used by every route.
import type { AccessRule } from './access.js';

export const readAccess: AccessRule = { token: 'any', scope: 'read' };
export const adminWriteAccess: AccessRule = { token: 'user', scope: 'write', role: 'admin' };
/** A person acting within their tenant, with no helpdesk header: a guest or an agent uploading an image. */
export const userUploadAccess: AccessRule = { token: 'user', scope: 'write', helpdesk: 'none' };
