/**
 * The platform-free conversation contract between bot/ and adapters/.
 * An adapter turns a platform event into a Turn and renders a Reply in its platform's native format.
 */
export type Turn =
  | { kind: 'text'; userId: string; text: string }
  | { kind: 'action'; userId: string; action: ReplyAction; listId: string; itemIndex?: number; value?: string };

export type ReplyAction = 'like' | 'dismiss' | 'more-like-this' | 'refine' | 'more';

export interface ReplyItem {
  /** 1-based position in the shown list ("#2"). */
  rank: number;
  itemIndex: number;
  title: string;
  /** The item's full category path, root first ("A - B - C"). */
  categoryPath: string;
  /** How the list names the item's category: its own name, with its parent's when the name is ambiguous. */
  category?: string;
  reason: string;
  price?: number;
}

export interface Reply {
  /** Plain-text body: the whole reply for the terminal; the header for rich platforms. */
  text: string;
  /** Ranked items, when the reply is a recommendation list. */
  items?: ReplyItem[];
  /** Identifies the list the buttons refer to, so a press on an expired list can be detected. */
  listId?: string;
  /** The critique in force, shown so the user can correct it. */
  critique?: { path: string; confidence: number; reason: string; negated?: boolean };
  /** Choices offered when the bot asks back (e.g. the 3 closest categories). */
  choices?: { label: string; value: string }[];
  /** Category paths offered in a refine menu. */
  refineOptions?: { label: string; value: string }[];
}

/** What every adapter drives: the conversation engine in bot/ implements it. */
export interface ConversationHandler {
  handle(turn: Turn): Promise<Reply>;
  /** Finish turns in flight and close the store. */
  close(): Promise<void>;
}
