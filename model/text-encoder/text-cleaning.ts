/** Control and format characters (NUL, escape codes, zero-width joiners...) that no vocabulary has a piece for. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const WHITESPACE_RUN = /\s+/gu;

const MARKUP_TAG = /<[^>]*>/g;
const HTML_ENTITY = /&(amp|quot|#39|lt|gt|nbsp);/g;
const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&nbsp;': ' ' };

export interface CleanTextOptions {
  /** Remove HTML tags and decode the common entities first (catalog sources that carry markup). */
  markup?: boolean;
  lowercase?: boolean;
}

/**
 * The one text cleaning of catalog and user text: optionally markup removed, control and format characters to
 * spaces, whitespace runs to one space, trimmed, optionally lowercased.
 */
export function cleanText(text: string, options: CleanTextOptions = {}): string {
  const unmarked = options.markup ? text.replace(MARKUP_TAG, ' ').replace(HTML_ENTITY, (m) => HTML_ENTITIES[m] ?? m) : text;
  const cleaned = unmarked.replace(INVISIBLE, ' ').replace(WHITESPACE_RUN, ' ').trim();
  return options.lowercase ? cleaned.toLowerCase() : cleaned;
}

/**
 * The first `maxChars` code points of `text` and whether anything was cut. Tokenizers cost time per character, so a
 * 100,000-character text is cut to what can possibly fill the encoder's token budget before it is tokenized.
 */
export function cutToCharacters(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  let count = 0;
  let end = 0;
  for (const symbol of text) {
    if (count === maxChars) return { text: text.slice(0, end), cut: true };
    count++;
    end += symbol.length;
  }
  return { text, cut: false };
}
