import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, type Message } from 'discord.js';
import type { Reply } from '../../bot/conversation-types.js';
import { renderReply } from './render.js';
import { discordUserId, NO_PINGS, SORRY, type DiscordDeps } from './turns.js';

const NO_WRITE_ACCESS = new Set<number | string>([RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess]);

/** Whether the bot should answer: every DM, and guild messages that mention it (never bots, never itself). */
export function isAddressedToBot(message: Message, botUserId: string): boolean {
  if (message.author.bot || message.system) return false;
  if (message.guildId) return message.mentions.users.has(botUserId);
  return message.channel.type === ChannelType.DM;
}

export function textWithoutMention(content: string, botUserId: string): string {
  return content.replaceAll(`<@${botUserId}>`, ' ').replaceAll(`<@!${botUserId}>`, ' ').trim();
}

/** A DM or a mention as a free-text turn, answered in the channel; a bare mention is a greeting. */
export async function handleMessage(message: Message, botUserId: string, deps: DiscordDeps): Promise<void> {
  if (!isAddressedToBot(message, botUserId)) return;
  const text = textWithoutMention(message.content, botUserId) || 'hello';
  let reply: Reply;
  try {
    reply = await deps.engine.handle({ kind: 'text', userId: discordUserId(message.author), text });
  } catch (error) {
    deps.logger.error({ error, messageId: message.id }, 'conversation turn failed');
    reply = { text: SORRY };
  }
  try {
    await message.reply({ ...renderReply(reply, deps.refineValues), allowedMentions: NO_PINGS });
  } catch (error) {
    if (!(error instanceof DiscordAPIError && NO_WRITE_ACCESS.has(error.code))) throw error;
    deps.logger.warn({ code: error.code, channelId: message.channelId, guildId: message.guildId }, 'cannot answer in this channel: the bot may not write there');
  }
}
