// Message content as Feishu IM takes it (text {text}, post {post: {zh_cn: {title, content}}} or {zh_cn: ...},
// image {image_key}), given as a JSON string or an object; and the plain text a message event and a reader show.
// Pure.

export type ParsedContent = { ok: true; content: Record<string, unknown>; text: string } | { ok: false; description: string };

const MAX_TEXT = 150_000;

export function parseContent(msg_type: string, given: unknown): ParsedContent {
  let content = given;
  if (typeof given === 'string') {
    try {
      content = JSON.parse(given);
    } catch {
      return { ok: false, description: 'is not JSON: give the IM content as an object or as its JSON text' };
    }
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return { ok: false, description: 'must be a JSON object' };
  const c = content as Record<string, unknown>;
  switch (msg_type) {
    case 'text':
      if (typeof c.text !== 'string' || c.text.trim() === '') return { ok: false, description: 'a text message needs a non-empty "text"' };
      if (c.text.length > MAX_TEXT) return { ok: false, description: `text is longer than ${MAX_TEXT} characters` };
      return { ok: true, content: c, text: c.text };
    case 'post': {
      const text = postText(c);
      if (text === undefined) return { ok: false, description: 'a post message needs "post" (or a language key such as "zh_cn") with "content" paragraphs' };
      return { ok: true, content: c, text };
    }
    case 'image':
      if (typeof c.image_key !== 'string' || c.image_key === '') return { ok: false, description: 'an image message needs "image_key"' };
      return { ok: true, content: c, text: '[image]' };
    case 'interactive':
      return { ok: true, content: c, text: '[card]' };
    default:
      return { ok: false, description: `msg_type ${msg_type} is not supported` };
  }
}

/** A post's title and the text of its elements, one paragraph a line; undefined when it is not a post. */
function postText(c: Record<string, unknown>): string | undefined {
  const body = (typeof c.post === 'object' && c.post !== null ? c.post : c) as Record<string, unknown>;
  const language = ['zh_cn', 'en_us', 'ja_jp'].map((k) => body[k]).find((v) => typeof v === 'object' && v !== null) as Record<string, unknown> | undefined;
  const post = language ?? body;
  if (!Array.isArray(post.content)) return undefined;
  const lines = post.content.map((paragraph) =>
    Array.isArray(paragraph) ? paragraph.map((el) => (typeof el?.text === 'string' ? el.text : el?.tag === 'img' ? '[image]' : '')).join('') : '',
  );
  const title = typeof post.title === 'string' && post.title !== '' ? [post.title] : [];
  return [...title, ...lines].join('\n');
}

/** The content GET messages answers: a JSON string {msg_type, content} (text), or the post / image fields beside msg_type. */
export function feishuMessageContent(msg_type: string, content: Record<string, unknown>, text: string): string {
  if (msg_type === 'text') return JSON.stringify({ msg_type, content: text });
  if (msg_type === 'image') return JSON.stringify({ msg_type, image_key: content.image_key });
  return JSON.stringify({ msg_type, content: content.post ?? content });
}
