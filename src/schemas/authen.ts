// Feishu's authen/v1 endpoints: the OIDC code and refresh exchanges, and user_info.
import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

// Checked by the OIDC service rather than by schema: Feishu answers its own numbering here (20001 for a missing
// parameter, 20036 for a grant_type it does not take), not 154000.
export const OidcAccessTokenBody = Type.Unknown({
  description: '{"grant_type": "authorization_code", "code": "...", "redirect_uri"?: "..."}; redirect_uri, when sent, must be the one the code was issued for',
});
export const OidcRefreshAccessTokenBody = Type.Unknown({ description: '{"grant_type": "refresh_token", "refresh_token": "..."}' });

export const OidcTokenAnswer = Envelope(
  Type.Object({
    access_token: Type.String({ description: 'a user_access_token (u-...)' }),
    refresh_token: Type.String({ description: 'used once: refreshing answers a new one' }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'seconds' }),
    refresh_expires_in: Type.Integer({ description: 'seconds' }),
    scope: Type.String({ description: "the app's scopes, space-separated" }),
  }),
);

export const UserInfoAnswer = Envelope(
  Type.Object({
    name: Type.String(),
    en_name: Type.String(),
    avatar_url: Type.String(),
    avatar_thumb: Type.String(),
    avatar_middle: Type.String(),
    avatar_big: Type.String(),
    open_id: Type.String(),
    union_id: Type.String({ description: "derived from the open_id: Kefu has one app family per tenant" }),
    email: Type.String(),
    tenant_key: Type.String(),
  }),
);
