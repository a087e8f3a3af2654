export { startDiscord, createDiscordClient, DISCORD_INTENTS, type DiscordBot, type DiscordBotDeps } from './bot.js';
export { deployCommands, type DeployResult } from './deploy.js';
export { DISCORD_BOT_ENV, DISCORD_DEPLOY_ENV, readBotConfig, readDeployConfig } from './config.js';
