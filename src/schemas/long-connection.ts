// POST /callback/ws/endpoint: what the SDKs' WSClient sends (PascalCase, no token) and what it reads back.
import { Type, type Static } from '@sinclair/typebox';

export const WsEndpointBody = Type.Object({
  AppID: Type.String({ maxLength: 64 }),
  AppSecret: Type.String({ maxLength: 256 }),
  ClientAssertion: Type.Optional(Type.String({ maxLength: 8192, description: 'not supported by Kefu: give AppSecret' })),
});
export type WsEndpointInput = Static<typeof WsEndpointBody>;

const Seconds = (description: string) => Type.Integer({ description });

export const ClientConfigSchema = Type.Object({
  PingInterval: Seconds('seconds between the client\'s pings'),
  ReconnectCount: Type.Integer({ description: 'reconnect attempts before giving up; -1: forever' }),
  ReconnectInterval: Seconds('seconds between failed reconnect attempts'),
  ReconnectNonce: Seconds('the client waits a random part of this (seconds) before its first reconnect attempt'),
});

// On refusal the code says why and data is {} (with data absent the SDK would retry forever).
export const WsEndpointAnswer = Type.Object({
  code: Type.Integer({ description: '0; 514 wrong app_id or secret; 1000040350 the app has 50 connections' }),
  msg: Type.String(),
  data: Type.Object({
    URL: Type.Optional(Type.String({ description: 'the WebSocket URL to connect to (valid for a short while)' })),
    ClientConfig: Type.Optional(ClientConfigSchema),
  }),
});
