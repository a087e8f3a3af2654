export { startDiscord, createDiscordClient, parseShardSetting, DISCORD_INTENTS, type DiscordBot, type DiscordBotDeps, type ShardSetting } from './bot.js';
export { deployCommands, type DeployResult } from './deploy.js';
export { DISCORD_BOT_ENV, DISCORD_DEPLOY_ENV, readBotConfig, readDeployConfig } from './config.js';
