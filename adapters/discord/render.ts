import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIComponentInMessageActionRow, type APIEmbed, type APIEmbedField, type APISelectMenuOption } from 'discord.js';
import type { Reply, ReplyItem } from '../../bot/conversation-types.js';
import { isEncodableListId, itemButtonId, moreButtonId, refineMenuId, type ItemAction } from './custom-ids.js';
import type { RefineValues } from './refine-values.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  optionLabel: 100,
  optionDescription: 100,
  placeholder: 150,
} as const;

/** The notes above a list (the critique in force) share the 6000 characters with the items; the items matter more. */
const NOTES_LIMIT = 2048;

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: ActionRow[];
}

const ITEM_BUTTONS: { action: ItemAction; label: string; style: ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Primary }[] = [
  { action: 'like', label: 'Like', style: ButtonStyle.Success },
  { action: 'dismiss', label: 'Not this', style: ButtonStyle.Secondary },
  { action: 'more-like-this', label: 'More like', style: ButtonStyle.Primary },
];

/** Cuts to at most `max` UTF-16 units, ending in an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + '…';
}

/** Like clip, but keeps the end: the leaf of a long category path is the part worth reading. */
function clipStart(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(text.length - (max - 1));
  if (/^[\udc00-\udfff]/.test(cut)) cut = cut.slice(1);
  return '…' + cut;
}

/** Characters Discord counts towards the 6000 shared by all embeds of a message. */
export function embedLength(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/** A reply in Discord's native format: a list becomes an embed with a field per item, buttons and a refine menu. */
export function renderReply(reply: Reply, refineValues: RefineValues): DiscordMessage {
  const items = reply.items ?? [];
  const message: DiscordMessage = items.length ? listMessage(reply, items) : textMessage(reply.text);
  if (items.length && reply.listId && isEncodableListId(reply.listId)) message.components.push(...itemButtonRows(items, reply.listId));
  const menu = refineMenu(reply, refineValues);
  if (menu && message.components.length < LIMITS.actionRows) message.components.push(menu);
  if (items.length && reply.listId && isEncodableListId(reply.listId) && message.components.length < LIMITS.actionRows) {
    message.components.push({ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: moreButtonId(reply.listId), label: 'More suggestions' }] });
  }
  return message;
}

function textMessage(text: string): DiscordMessage {
  const body = text.trim() || '…';
  if (body.length <= LIMITS.content) return { content: body, embeds: [], components: [] };
  return { content: '', embeds: splitIntoEmbeds(body), components: [] };
}

/** Long plain text (a 200-item history) split at line ends over as many embeds as the limits allow. */
function splitIntoEmbeds(text: string): APIEmbed[] {
  const lines = text.split('\n').map((l) => clip(l, LIMITS.description));
  const footerRoom = 40;
  const chunks: string[][] = [[]];
  let chunkLength = 0;
  let total = 0;
  let shown = 0;
  for (const line of lines) {
    let chunk = chunks.at(-1)!;
    if (chunk.length && chunkLength + 1 + line.length > LIMITS.description) {
      if (chunks.length === LIMITS.embeds) break;
      chunk = [];
      chunks.push(chunk);
      chunkLength = 0;
    }
    const cost = (chunk.length ? 1 : 0) + line.length;
    if (total + cost > LIMITS.embedTotal - footerRoom) break;
    chunk.push(line);
    chunkLength += cost;
    total += cost;
    shown++;
  }
  const embeds: APIEmbed[] = chunks.filter((c) => c.join('\n').trim()).map((c) => ({ description: c.join('\n') }));
  const hidden = lines.length - shown;
  if (hidden > 0) embeds.at(-1)!.footer = { text: `…and ${hidden} more line${hidden === 1 ? '' : 's'} not shown` };
  return embeds;
}

function listMessage(reply: Reply, items: ReplyItem[]): DiscordMessage {
  const { heading, notes } = splitListText(reply.text, items[0]!);
  const embed: APIEmbed = { title: clip(heading, LIMITS.title) };
  if (notes) embed.description = clip(notes, NOTES_LIMIT);
  embed.fields = items.slice(0, LIMITS.fields).map(itemField);
  const setFooter = () => {
    const hidden = items.length - embed.fields!.length;
    if (hidden > 0) embed.footer = { text: `…and ${hidden} more not shown` };
  };
  setFooter();
  // With the notes capped, one field always fits: the loop ends within the total.
  while (embedLength(embed) > LIMITS.embedTotal && embed.fields.length > 1) {
    embed.fields.pop();
    setFooter();
  }
  return { content: '', embeds: [embed], components: [] };
}

/** The engine's text repeats the items line by line; the embed keeps only what comes before the first item. */
function splitListText(text: string, first: ReplyItem): { heading: string; notes: string } {
  const lines = text.split('\n');
  const firstItemLine = lines.findIndex((l) => l.startsWith(`${first.rank}. ${first.title}`));
  const intro = (firstItemLine >= 0 ? lines.slice(0, firstItemLine) : lines).filter((l) => l.trim());
  const heading = intro.pop() ?? 'Suggestions';
  return { heading, notes: intro.join('\n') };
}

function itemField(item: ReplyItem): APIEmbedField {
  const lines = [item.category || item.categoryPath || '(no category)'];
  if (item.price !== undefined) lines.push(`$${item.price.toFixed(2)}`);
  lines.push(`*${item.reason}*`);
  return { name: clip(`#${item.rank} ${item.title}`, LIMITS.fieldName), value: clip(lines.join('\n'), LIMITS.fieldValue) };
}

/** One row per action (Like #1 … Like #5), so the three rows line up under the list; items past the fifth get none. */
function itemButtonRows(items: ReplyItem[], listId: string): ActionRow[] {
  const withButtons = items.slice(0, LIMITS.buttonsPerRow);
  return ITEM_BUTTONS.map(({ action, label, style }) => ({
    type: ComponentType.ActionRow,
    components: withButtons.map((item): APIButtonComponent => ({ type: ComponentType.Button, style, custom_id: itemButtonId(action, listId, item.itemIndex), label: clip(`${label} #${item.rank}`, LIMITS.buttonLabel) })),
  }));
}

function refineMenu(reply: Reply, refineValues: RefineValues): ActionRow | undefined {
  const offered = reply.choices?.length ? reply.choices : reply.refineOptions ?? [];
  const seen = new Set<string>();
  const options: APISelectMenuOption[] = [];
  for (const { label, value } of offered) {
    const encoded = refineValues.encode(value);
    if (seen.has(encoded) || options.length === LIMITS.selectOptions) continue;
    seen.add(encoded);
    const option: APISelectMenuOption = { label: clipStart(label, LIMITS.optionLabel), value: encoded };
    if (value !== label) option.description = clipStart(value, LIMITS.optionDescription);
    options.push(option);
  }
  if (!options.length) return undefined;
  const placeholder = reply.choices?.length ? 'Which category did you mean?' : 'Refine by category…';
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: refineMenuId(reply.listId && isEncodableListId(reply.listId) ? reply.listId : undefined), placeholder, min_values: 1, max_values: 1, options }],
  };
}
