import type { types } from '@slack/bolt';
import type { Reply, ReplyItem } from '../../bot/conversation-types.js';
import { choiceActionId, itemActionId, itemActionValue, listBlockId, listValue, MORE_ACTION_ID, REFINE_ACTION_ID, type ItemAction } from './action-ids.js';

type Block = types.KnownBlock;

/** Block Kit limits (docs.slack.dev, "Blocks" and "Block elements" reference pages). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  actionsElements: 25,
  /** Slack truncates longer message text; the fallback is for notifications, so it is kept to one section's size. */
  fallbackText: 3000,
} as const;

export interface SlackMessage {
  /** Top-level text: the notification and screen-reader fallback, always set. */
  text: string;
  blocks: Block[];
}

const BUTTONS: { action: ItemAction; label: string }[] = [
  { action: 'like', label: 'Like' },
  { action: 'dismiss', label: 'Not this' },
  { action: 'more-like-this', label: 'More like this' },
];

export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit - 1) + '…';
}

/** mrkdwn gives &, < and > a meaning; everything else in catalog text is shown as is. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits at line breaks into chunks a section can hold; a single overlong line is cut. */
function chunksOf(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = truncate(line, limit);
    if (current && current.length + 1 + piece.length > limit) {
      chunks.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** The engine's text without the numbered item lines, which the item sections show instead. */
function introOf(reply: Reply): string {
  const first = reply.items?.[0];
  if (!first) return reply.text;
  const start = reply.text.indexOf(`${first.rank}. ${first.title}`);
  return start < 0 ? reply.text : reply.text.slice(0, start).trimEnd();
}

function itemText(item: ReplyItem): string {
  const price = item.price !== undefined ? ` · $${item.price.toFixed(2)}` : '';
  const category = item.category || item.categoryPath || '(no category)';
  const text = `*${item.rank}. ${escapeMrkdwn(item.title)}*\n${escapeMrkdwn(category)}${price}\n_${escapeMrkdwn(item.reason)}_`;
  return truncate(text, SLACK_LIMITS.sectionText);
}

function itemBlocks(item: ReplyItem, listId: string): Block[] {
  return [
    section(itemText(item)),
    {
      type: 'actions',
      block_id: `flarechat:item:${item.rank}`,
      elements: BUTTONS.map(({ action, label }) => ({
        type: 'button',
        text: { type: 'plain_text', text: label },
        action_id: itemActionId(action, item.rank),
        value: itemActionValue(listId, item.itemIndex),
        ...(action === 'like' ? { style: 'primary' as const } : {}),
      })),
    },
  ];
}

/** The last levels of a category path that fit a label ("… - 3D Printing Filament"). */
function shortLabel(label: string, limit: number): string {
  if (label.length <= limit) return label;
  const levels = label.split(' - ');
  let out = levels.pop()!;
  while (levels.length && `… - ${levels.at(-1)} - ${out}`.length <= limit) out = `${levels.pop()} - ${out}`;
  return truncate(levels.length ? `… - ${out}` : out, limit);
}

function refineMenu(reply: Reply): types.StaticSelect | undefined {
  // Option values cannot exceed 150 characters; a deeper path than that is left out rather than cut (a cut path names no category).
  const options = (reply.refineOptions ?? [])
    .filter((o) => o.value.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((o) => ({ text: { type: 'plain_text' as const, text: shortLabel(o.label, SLACK_LIMITS.optionText) }, value: o.value }));
  if (!options.length) return undefined;
  return { type: 'static_select', action_id: REFINE_ACTION_ID, placeholder: { type: 'plain_text', text: 'Refine by category' }, options };
}

function footer(reply: Reply): Block | undefined {
  const listId = reply.listId ?? '';
  const elements: types.ActionsBlockElement[] = [];
  if (reply.listId && reply.items?.length) {
    elements.push({ type: 'button', text: { type: 'plain_text', text: 'More' }, action_id: MORE_ACTION_ID, value: listValue(reply.listId) });
  }
  const menu = refineMenu(reply);
  if (menu) elements.push(menu);
  return elements.length ? { type: 'actions', block_id: listBlockId('list', listId || 'none'), elements } : undefined;
}

function choiceButtons(reply: Reply): Block | undefined {
  const choices = (reply.choices ?? []).filter((c) => c.value.length <= SLACK_LIMITS.buttonValue).slice(0, SLACK_LIMITS.actionsElements);
  if (!choices.length) return undefined;
  return {
    type: 'actions',
    block_id: listBlockId('choices', reply.listId ?? 'none'),
    elements: choices.map((c, i) => ({
      type: 'button',
      text: { type: 'plain_text', text: `${i + 1}. ${shortLabel(c.label, SLACK_LIMITS.buttonText - `${i + 1}. `.length)}` },
      action_id: choiceActionId(i + 1),
      value: c.value,
    })),
  };
}

/** The engine's Reply as a Slack message: intro, one section and three buttons per item, then More and the refine menu. */
export function renderReply(reply: Reply): SlackMessage {
  const text = truncate(reply.text.trim() || '…', SLACK_LIMITS.fallbackText);
  const tail = [choiceButtons(reply), footer(reply)].filter((b): b is Block => b !== undefined);
  const items = reply.items ?? [];
  // One block is kept for the "not shown" note when anything has to be left out.
  const budget = SLACK_LIMITS.blocksPerMessage - tail.length - 1;
  const introChunks = chunksOf(escapeMrkdwn(introOf(reply)), SLACK_LIMITS.sectionText);
  const intro = introChunks.slice(0, budget).map(section);
  const itemRoom = Math.floor((budget - intro.length) / 2);
  const shown = items.slice(0, itemRoom);
  const blocks = [...intro, ...shown.flatMap((item) => itemBlocks(item, reply.listId ?? 'none'))];
  const hiddenItems = items.length - shown.length;
  if (hiddenItems > 0) blocks.push(context(`${hiddenItems} more item${hiddenItems === 1 ? '' : 's'} did not fit in one Slack message.`));
  else if (introChunks.length > intro.length) blocks.push(context('The rest of this answer was too long for one Slack message.'));
  return { text, blocks: [...blocks, ...tail] };
}
