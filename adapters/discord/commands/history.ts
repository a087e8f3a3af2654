import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { answerWithTurn, type DiscordDeps } from '../turns.js';

export const data = new SlashCommandBuilder()
  .setName('history')
  .setDescription('The items you liked or named, which the suggestions build on')
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export async function execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  await answerWithTurn(interaction, { kind: 'text', text: 'history' }, deps);
}
