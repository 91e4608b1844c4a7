// Images without I/O: what an upload is by its first bytes, and which images a ticket message holds.

export interface ImageType {
  content_type: string;
  extension: string;
}

/** The formats Kefu keeps, recognised by their signatures (the name and Content-Type a client sends prove nothing). */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const starts = (offset: number, ...signature: number[]) => signature.every((b, i) => bytes[offset + i] === b);
  const ascii = (offset: number, text: string) => starts(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { content_type: 'image/png', extension: 'png' };
  if (starts(0, 0xff, 0xd8, 0xff)) return { content_type: 'image/jpeg', extension: 'jpg' };
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return { content_type: 'image/gif', extension: 'gif' };
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return { content_type: 'image/webp', extension: 'webp' };
  return undefined;
}

/** The file extension answered in Content-Disposition for a stored content type. */
export function extensionOf(contentType: string): string {
  return { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' }[contentType] ?? 'bin';
}

/**
 * The image keys of a message in the order a reader meets them: an image message's one `image_key`; a post's `img`
 * elements, whichever of Feishu's post shapes it uses ({post: {zh_cn: ...}}, {zh_cn: ...} or {title, content}).
 * GET ticket_images' `index` counts in this order, and the message event's `image_keys` list them so.
 */
export function imageKeysIn(msgType: string, content: unknown): string[] {
  if (msgType === 'image') {
    const key = (content as { image_key?: unknown } | null)?.image_key;
    return typeof key === 'string' ? [key] : [];
  }
  if (msgType !== 'post') return [];
  const keys: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const element = node as Record<string, unknown>;
      if (element.tag === 'img' && typeof element.image_key === 'string') keys.push(element.image_key);
      else Object.values(element).forEach(walk);
    }
  };
  walk(content);
  return keys;
}

/** imageKeysIn for content stored as JSON text; text that is not JSON holds no image. */
export function imageKeysOf(msgType: string, content: string): string[] {
  try {
    return imageKeysIn(msgType, JSON.parse(content));
  } catch {
    return [];
  }
}
