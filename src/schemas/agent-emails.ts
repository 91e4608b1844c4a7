import { Type } from '@sinclair/typebox';
import { Envelope } from '../platform/envelope.js';

/** `agents` is a string (Feishu's type, which typed SDKs decode into a string): JSON of {open_id: email}. */
export const AgentEmailsAnswer = Envelope(Type.Object({ agents: Type.String() }));
