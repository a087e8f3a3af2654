import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { answerWithTurn, type DiscordDeps } from '../turns.js';

export const data = new SlashCommandBuilder()
  .setName('reset')
  .setDescription('Clear your critique and dismissed items (your history stays)')
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export async function execute(interaction: ChatInputCommandInteraction, deps: DiscordDeps): Promise<void> {
  await answerWithTurn(interaction, { kind: 'text', text: 'reset' }, deps);
}
