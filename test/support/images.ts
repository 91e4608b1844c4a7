// Small images of each kept format, and an upload through Kefu's multipart API as a browser or a client sends it.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';

/** A 1x1 PNG, a JPEG, a GIF and a WebP header: real signatures, tiny bodies. */
export const samples = {
  png: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  gif: Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b', 'hex'),
  webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.from([0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])]),
};

export interface UploadAnswer {
  status: number;
  body: any;
}

/** POST /kefu/v1/images with one file part (field `image` unless told otherwise). */
export async function upload(
  baseUrl: string,
  token: string | undefined,
  bytes: Uint8Array,
  options: { field?: string; filename?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<UploadAnswer> {
  const form = new FormData();
  form.append(options.field ?? 'image', new Blob([Buffer.from(bytes)], { type: options.type ?? 'application/octet-stream' }), options.filename ?? 'upload.bin');
  const res = await fetch(`${baseUrl}/kefu/v1/images`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...options.headers },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A refused file call (ticketImage, faqImage): the SDK throws on non-2xx and hands the body over as a stream. */
export async function fileFailure(call: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await call;
  } catch (e: any) {
    if (!e?.response) throw e;
    const data = e.response.data;
    const text = typeof data?.pipe === 'function' ? (await bytesOf(data)).toString('utf8') : JSON.stringify(data);
    return { status: e.response.status, body: JSON.parse(text) };
  }
  assert.fail('the call succeeded');
}
