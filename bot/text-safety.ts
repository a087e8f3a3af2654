import type { Reply } from './conversation-types.js';

/**
 * Characters that change how text around them is shown rather than being text: C0 controls (but line feeds and
 * tabs), DEL, C1 controls (U+0080-U+009F, some terminals act on them) and Unicode bidirectional controls (embeddings,
 * overrides, isolates and marks, which can make a reply read in a different order than it is stored).
 */
const DISPLAY_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every display control replaced by a space (so words on either side stay apart). */
export function withoutDisplayControls(text: string): string {
  return text.replace(DISPLAY_CONTROLS, ' ');
}

/** A reply with its shown text (body, item titles, menu labels) free of display controls; ids and values untouched. */
export function safeReply(reply: Reply): Reply {
  return {
    ...reply,
    text: withoutDisplayControls(reply.text),
    ...(reply.items ? { items: reply.items.map((item) => ({ ...item, title: withoutDisplayControls(item.title) })) } : {}),
    ...(reply.choices ? { choices: reply.choices.map((c) => ({ ...c, label: withoutDisplayControls(c.label) })) } : {}),
    ...(reply.refineOptions ? { refineOptions: reply.refineOptions.map((o) => ({ ...o, label: withoutDisplayControls(o.label) })) } : {}),
  };
}
