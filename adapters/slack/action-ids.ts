import type { ReplyAction } from '../../bot/conversation-types.js';

/**
 * What the interactive elements of a reply carry, so a press becomes an engine Turn without any state kept here:
 * the action_id names the action (and the rank, because action ids must be unique within a message), the value
 * carries the list id and the catalog index of the item.
 */
const PREFIX = 'flarechat';
export const ITEM_ACTIONS = ['like', 'dismiss', 'more-like-this'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export const MORE_ACTION_ID = `${PREFIX}:more`;
export const REFINE_ACTION_ID = `${PREFIX}:refine`;

export interface DecodedAction {
  action: ReplyAction;
  listId: string;
  itemIndex?: number;
  /** The category path of a refine. */
  value?: string;
}

/** The element of a block_actions payload this module reads (buttons and static selects). */
export interface PressedElement {
  action_id: string;
  block_id?: string;
  value?: string;
  selected_option?: { value: string } | null;
}

export const itemActionId = (action: ItemAction, rank: number) => `${PREFIX}:${action}:${rank}`;
export const itemActionValue = (listId: string, itemIndex: number) => JSON.stringify({ listId, itemIndex });
export const listValue = (listId: string) => JSON.stringify({ listId });
export const choiceActionId = (position: number) => `${PREFIX}:choice:${position}`;
/** Selects carry their list in the block id: the option value is the category path itself. */
export const listBlockId = (kind: string, listId: string) => `${PREFIX}:${kind}:${listId}`;

const LIST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PATH = 2000;

function parseObject(value: string | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function listIdIn(object: Record<string, unknown> | undefined): string | undefined {
  const listId = object?.listId;
  return typeof listId === 'string' && LIST_ID.test(listId) ? listId : undefined;
}

function listIdOfBlock(blockId: string | undefined): string {
  const listId = blockId?.split(':')[2];
  return listId && LIST_ID.test(listId) ? listId : '';
}

const isPath = (path: string | undefined): path is string => typeof path === 'string' && path.trim().length > 0 && path.length <= MAX_PATH;

/** The action a pressed element stands for, or undefined for an id this app did not render or a tampered value. */
export function decodeAction(element: PressedElement): DecodedAction | undefined {
  const [prefix, kind, rank, ...rest] = element.action_id.split(':');
  if (prefix !== PREFIX || rest.length) return undefined;
  if ((ITEM_ACTIONS as readonly string[]).includes(kind ?? '') && rank && /^\d+$/.test(rank)) {
    const value = parseObject(element.value);
    const listId = listIdIn(value);
    const itemIndex = value?.itemIndex;
    if (!listId || typeof itemIndex !== 'number' || !Number.isSafeInteger(itemIndex) || itemIndex < 0) return undefined;
    return { action: kind as ItemAction, listId, itemIndex };
  }
  if (element.action_id === MORE_ACTION_ID) {
    const listId = listIdIn(parseObject(element.value));
    return listId ? { action: 'more', listId } : undefined;
  }
  if (element.action_id === REFINE_ACTION_ID) {
    const path = element.selected_option?.value;
    return isPath(path) ? { action: 'refine', listId: listIdOfBlock(element.block_id), value: path } : undefined;
  }
  if (kind === 'choice' && rank && /^\d+$/.test(rank)) {
    return isPath(element.value) ? { action: 'refine', listId: listIdOfBlock(element.block_id), value: element.value } : undefined;
  }
  return undefined;
}
