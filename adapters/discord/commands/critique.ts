import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { MESSAGE_LIMIT } from '../../../bot/engine.js';
import { answerWithTurn, type DiscordDeps } from '../turns.js';

export const data = new SlashCommandBuilder()
  .setName('critique')
  .setDescription('Steer the suggestions: "safety gloves instead", "no more tape", "broader", "like #2 but cheaper"')
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((option) => option.setName('text').setDescription('Your critique, in plain words').setRequired(true).setMaxLength(MESSAGE_LIMIT));

export async function execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  await answerWithTurn(interaction, { kind: 'text', text: interaction.options.getString('text', true) }, deps);
}
