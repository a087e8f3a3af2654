import { parseArgs } from 'node:util';
import { Events } from 'discord.js';
import type { Command } from '../command.js';
import { envHelp, type EnvVariable } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { DISCORD_BOT_ENV, readBotConfig, startDiscord, type DiscordBot } from '../../adapters/discord/index.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

const SHARED_ENV: EnvVariable[] = [
  { name: 'FLARECHAT_BUNDLE', required: false, description: 'model bundle folder (default demo/bundle)' },
  { name: 'FLARECHAT_DATA_DIR', required: false, description: 'folder of the history store (default ./.flarechat)' },
  { name: 'FLARECHAT_DATABASE_URL', required: false, description: 'postgres://... to share histories between bot processes' },
  { name: 'FLARECHAT_LOG_LEVEL', required: false, description: 'debug | info | warn | error (default info)' },
];

const help = `Usage: flarechat discord [--bundle DIR]

Runs the Discord bot until SIGINT/SIGTERM: slash commands /recommend, /critique, /history and /reset, direct
messages, and messages that mention the bot in a server. Register the slash commands once with
\`npm run discord:deploy\`. Setting up the application: adapters/discord/README.md.

Options:
  --bundle DIR   model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)
Environment:
${envHelp([...DISCORD_BOT_ENV, ...RECOMMENDER_ENV, ...SHARED_ENV])}
`;

export const command: Command = {
  name: 'discord',
  summary: 'run the Discord bot',
  help,
  async run(args) {
    const { values } = parseArgs({ args, options: { bundle: { type: 'string' } } });
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
    logger.info('serving', { model, histories });
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
