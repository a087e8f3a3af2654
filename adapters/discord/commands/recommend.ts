import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { MESSAGE_LIMIT } from '../../../bot/engine.js';
import { answerWithTurn, type DiscordDeps } from '../turns.js';

export const data = new SlashCommandBuilder()
  .setName('recommend')
  .setDescription('Suggest items, optionally steered by what you describe')
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((option) => option.setName('text').setDescription('What you are after, in plain words, e.g. "3d printing filament"').setMaxLength(MESSAGE_LIMIT));

export async function execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  const text = interaction.options.getString('text')?.trim();
  await answerWithTurn(interaction, { kind: 'text', text: text || 'recommend' }, deps);
}
