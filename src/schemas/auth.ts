import { Type } from '@sinclair/typebox';

// Checked by the auth service rather than by schema: Feishu answers its own flat error (10003) here, not 154000.
export const AppCredentialsBody = Type.Unknown();

export const TenantTokenAnswer = Type.Object({
  code: Type.Integer(),
  msg: Type.String(),
  tenant_access_token: Type.String(),
  expire: Type.Integer(),
});

export const AppTokenAnswer = Type.Object({
  code: Type.Integer(),
  msg: Type.String(),
  app_access_token: Type.String(),
  tenant_access_token: Type.String(),
  expire: Type.Integer(),
});
