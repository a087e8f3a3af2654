import type { ReplyAction } from '../../bot/conversation-types.js';

/** Discord rejects custom ids longer than this. */
export const CUSTOM_ID_LIMIT = 100;

export type ItemAction = Extract<ReplyAction, 'like' | 'dismiss' | 'more-like-this'>;

/**
 * What a pressed button or a chosen menu means. Custom ids come back from Discord as the client sent them, but
 * anything could arrive (old deployments, other bots' ids, hand-crafted requests), so parsing never trusts them.
 */
export type ParsedCustomId =
  | { kind: 'item'; action: ItemAction; listId: string; itemIndex: number }
  | { kind: 'more'; listId: string }
  | { kind: 'refine'; listId: string };

const PREFIX = 'fc';
const ITEM_CODES: Record<ItemAction, string> = { like: 'like', dismiss: 'not', 'more-like-this': 'similar' };
const ITEM_ACTIONS = new Map(Object.entries(ITEM_CODES).map(([action, code]) => [code, action as ItemAction]));
const LIST_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** List ids come from the engine; one that could not survive the round trip gets no buttons rather than broken ones. */
export function isEncodableListId(listId: string): boolean {
  return LIST_ID.test(listId);
}

export function itemButtonId(action: ItemAction, listId: string, itemIndex: number): string {
  return `${PREFIX}:${ITEM_CODES[action]}:${listId}:${itemIndex}`;
}

export function moreButtonId(listId: string): string {
  return `${PREFIX}:more:${listId}`;
}

/** A menu for asking back has no list: its id ends after the colon. */
export function refineMenuId(listId: string | undefined): string {
  return `${PREFIX}:refine:${listId ?? ''}`;
}

export function parseCustomId(customId: unknown): ParsedCustomId | undefined {
  if (typeof customId !== 'string' || customId.length > CUSTOM_ID_LIMIT) return undefined;
  const [prefix, code, listId, index, ...rest] = customId.split(':');
  if (prefix !== PREFIX || code === undefined || listId === undefined || rest.length) return undefined;
  if (code === 'refine') return index === undefined && (listId === '' || LIST_ID.test(listId)) ? { kind: 'refine', listId } : undefined;
  if (!LIST_ID.test(listId)) return undefined;
  if (code === 'more') return index === undefined ? { kind: 'more', listId } : undefined;
  const action = ITEM_ACTIONS.get(code);
  if (!action || index === undefined || !/^\d{1,9}$/.test(index)) return undefined;
  return { kind: 'item', action, listId, itemIndex: Number(index) };
}
