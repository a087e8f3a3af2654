import { Events } from 'discord.js';
import type { CliCommand } from '../command.js';
import { BOT_COMMON_ENV, envHelp } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { DISCORD_BOT_ENV, readBotConfig, startDiscord, type DiscordBot } from '../../adapters/discord/index.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

const description = `Runs the Discord bot until SIGINT/SIGTERM: slash commands /recommend, /critique, /history and /reset, direct
messages, and messages that mention the bot in a server. Register the slash commands once with
\`npm run discord:deploy\`. Setting up the application: adapters/discord/README.md.`;

const environment = `
Environment (Discord):
${envHelp(DISCORD_BOT_ENV)}
Environment (model):
${envHelp(RECOMMENDER_ENV)}
Environment (common):
${envHelp(BOT_COMMON_ENV)}`;

export const command: CliCommand<{ bundle?: string }> = {
  define: (cmd) => cmd.description(description).option('--bundle <dir>', 'model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)').addHelpText('after', environment),
  async run(values) {
    const { token } = readBotConfig(process.env);
    const logger = createLogger({ secrets: [token] });
    const { engine, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    let bot: DiscordBot;
    try {
      bot = await startDiscord(process.env, { engine, logger });
    } catch (error) {
      await close();
      throw error;
    }
    logger.info({ model, histories }, 'serving');
    const exitCode = await new Promise<number>((resolve) => {
      process.once('SIGINT', () => resolve(0));
      process.once('SIGTERM', () => resolve(0));
      bot.client.once(Events.ShardDisconnect, () => resolve(1));
    });
    logger.info('shutting down: finishing turns in flight');
    await bot.stop();
    await close();
    return exitCode;
  },
};
