import { Events } from 'discord.js';
import { InvalidArgumentError } from 'commander';
import type { CliCommand } from '../command.js';
import { BOT_COMMON_ENV, envHelp } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { DISCORD_BOT_ENV, parseShardSetting, readBotConfig, startDiscord, type DiscordBot, type ShardSetting } from '../../adapters/discord/index.js';
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

const shardsArg = (value: string): ShardSetting => {
  const setting = parseShardSetting(value);
  if (setting === undefined) throw new InvalidArgumentError('expected auto or a whole number >= 1.');
  return setting;
};

export const command: CliCommand<{ bundle?: string; shards?: ShardSetting }> = {
  define: (cmd) =>
    cmd
      .description(description)
      .option('--bundle <dir>', 'model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)')
      .option('--shards <auto|n>', 'open several gateway connections in this one process (needed from 2,500 servers; auto = as many as Discord recommends)', shardsArg)
      .addHelpText('after', environment),
  async run(values) {
    const { token } = readBotConfig(process.env);
    const logger = createLogger({ secrets: [token] });
    const { engine, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    let bot: DiscordBot;
    try {
      bot = await startDiscord(process.env, { engine, logger, shards: values.shards });
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
