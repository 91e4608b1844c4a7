// Every error Kefu answers is a row of this table: Feishu's helpdesk codes and the gateway codes that Feishu's
// platform answers before a helpdesk handler runs. Handlers throw ApiError with a row; they never write a literal.
import type { FieldViolation } from '../domain/field-violation.js';

export interface ErrorRow {
  status: number;
  code: number;
  msg: string;
}

export const errors = {
  badRequest: { status: 400, code: 154000, msg: 'Bad request, please check your request body' },
  unauthorized: { status: 401, code: 154001, msg: 'Unauthorized, please check you have the correct access' },
  noAccess: { status: 403, code: 154003, msg: 'Please check you have the correct access' },
  internal: { status: 500, code: 155000, msg: 'Internal error' },
  // Feishu lists these two for POST /message (and ticket_images): an unknown user, and a chat the bot may not write to.
  resourceNotFound: { status: 404, code: 154004, msg: 'Resource not found' },
  methodForbidden: { status: 405, code: 154005, msg: 'Method forbidden' },
  notFound: { status: 404, code: 154000, msg: 'Bad request, no such API' },
  // GET ticket_images when the message names an image that is not there (Feishu's own, unusual 401).
  imageDeleted: { status: 401, code: 154404, msg: 'Image might be deleted' },
  payloadTooLarge: { status: 413, code: 154000, msg: 'Bad request, the request body is too large' },
  headersTooLarge: { status: 431, code: 154000, msg: 'Bad request, the request headers are too large' },
  requestTimeout: { status: 408, code: 154000, msg: 'Bad request, the request did not arrive in time' },
  missingAccessToken: {
    status: 400,
    code: 99991661,
    msg: 'Missing access token for authorization. Please make a request with token attached.',
  },
  invalidTenantToken: { status: 400, code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  invalidAppToken: { status: 400, code: 99991664, msg: 'Invalid app access token for authorization.' },
  invalidUserToken: { status: 400, code: 99991668, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  scopeDenied: { status: 400, code: 99991672, msg: 'Access denied. One of the following scopes is required' },
  rateLimited: { status: 429, code: 99991400, msg: 'request trigger frequency limit' },
  // Answers of the auth/v3 endpoints (flat bodies, Feishu's own numbering).
  invalidAuthParam: { status: 400, code: 10003, msg: 'invalid param' },
  invalidAppSecret: { status: 400, code: 10014, msg: 'app secret invalid' },
  // Answers of the authen/v1 OIDC endpoints (Feishu's 200xx numbering of its OAuth token endpoints; docs/sign-in.md).
  oidcMissingParameter: { status: 400, code: 20001, msg: 'The request is missing a required parameter.' },
  oidcCodeNotFound: { status: 400, code: 20003, msg: 'The authorization code is not found. Please note that an authorization code can only be used once.' },
  oidcCodeExpired: { status: 400, code: 20004, msg: 'The authorization code has expired.' },
  oidcOtherApp: { status: 400, code: 20024, msg: 'The provided authorization code or refresh token does not match the provided client ID.' },
  oidcRefreshTokenInvalid: { status: 400, code: 20026, msg: 'The refresh token passed is invalid. Please check the value.' },
  oidcGrantTypeUnsupported: { status: 400, code: 20036, msg: 'The specified grant_type is not supported.' },
  oidcRefreshTokenExpired: { status: 400, code: 20037, msg: 'The refresh token passed has expired. Please generate a new one.' },
  oidcCodeUsed: { status: 400, code: 20065, msg: 'The authorization code has been used. Please note that an authorization code can only be used once.' },
  oidcRedirectUriMismatch: { status: 400, code: 20071, msg: 'The provided redirect URI does not match the one used during authorization.' },
  oidcRefreshTokenUsed: { status: 400, code: 20073, msg: 'The refresh token has been used. Please note that a refresh token can only be used once.' },
  // Kefu's sign-in page (HTML, not an API): a wrong password, or a person without one, answered alike.
  signInFailed: { status: 401, code: 154001, msg: 'The open_id or email and the password do not match' },
} as const satisfies Record<string, ErrorRow>;

export type ErrorName = keyof typeof errors;

export interface ApiErrorDetails {
  /** Replaces the row's msg; the row's msg is kept as a prefix so clients matching on it still match. */
  detail?: string;
  fieldViolations?: FieldViolation[];
  permissionViolations?: { type: string; subject: string; description: string }[];
  headers?: Record<string, string | number>;
}

export class ApiError extends Error {
  readonly row: ErrorRow;
  readonly details: ApiErrorDetails;

  constructor(row: ErrorRow, details: ApiErrorDetails = {}) {
    super(details.detail ? `${row.msg}: ${details.detail}` : row.msg);
    this.row = row;
    this.details = details;
  }
}

/** A 400/154000 naming the fields at fault: the message says what is wrong so a reader of the log needs nothing else. */
export function badRequest(violations: FieldViolation[]): ApiError {
  const detail = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new ApiError(errors.badRequest, { detail, fieldViolations: violations });
}

export function badField(field: string, description: string, value?: unknown): ApiError {
  return badRequest([{ field, description, ...(value === undefined ? {} : { value }) }]);
}
