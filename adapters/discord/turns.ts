import { InteractionContextType, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { ConversationHandler, Turn } from '../../bot/conversation-types.js';
import type { Logger } from '../common/logger.js';
import type { RefineValues } from './refine-values.js';
import { renderReply, type DiscordMessage } from './render.js';

/** What every command, button and message handler needs. */
export interface DiscordDeps {
  engine: ConversationHandler;
  logger: Logger;
  refineValues: RefineValues;
}

/** A turn before we know whose it is: the user always comes from Discord's event, never from a custom id. */
export type TurnContent = { kind: 'text'; text: string } | Omit<Extract<Turn, { kind: 'action' }>, 'userId'>;

/** Replies echo user text ("could not match \"@everyone\""), which must never ping anyone. */
export const NO_PINGS = { parse: [], repliedUser: false };

export const SORRY = 'Sorry, something went wrong with that. Your history is safe; try again in a moment.';

/** Namespaced so a Discord user never shares state with a Slack or terminal user of the same id. */
export function discordUserId(user: { id: string }): string {
  return `discord:${user.id}`;
}

export function turnFor(content: TurnContent, userId: string): Turn {
  // One branch per union member, so the compiler checks each shape.
  return content.kind === 'text' ? { ...content, userId } : { ...content, userId };
}

/** Personal lists stay private in servers and group chats; a DM with the bot is private already. */
export function replyIsPrivate(interaction: RepliableInteraction): boolean {
  if (interaction.context !== null) return interaction.context !== InteractionContextType.BotDM;
  return interaction.inGuild();
}

/**
 * Acknowledges at once (Discord drops interactions unanswered after 3 s and a model turn may take longer), then
 * edits the deferred reply with the engine's answer.
 */
export async function answerWithTurn(interaction: RepliableInteraction, content: TurnContent, deps: DiscordDeps): Promise<void> {
  await interaction.deferReply(replyIsPrivate(interaction) ? { flags: MessageFlags.Ephemeral } : {});
  let message: DiscordMessage;
  try {
    message = renderReply(await deps.engine.handle(turnFor(content, discordUserId(interaction.user))), deps.refineValues);
  } catch (error) {
    deps.logger.error({ error, interactionId: interaction.id }, 'conversation turn failed');
    message = { content: SORRY, embeds: [], components: [] };
  }
  await interaction.editReply({ ...message, allowedMentions: NO_PINGS });
}
