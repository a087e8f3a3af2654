export { createSlackApp, RETRY_POLICY, type SlackAppDeps, type SlackBot } from './app.js';
export { readSlackConfig, secretsOf, SLACK_VARIABLES, type SlackConfig } from './config.js';
export { createSlackLogger, startSlack, type RunningSlack, type StartSlackDeps } from './start.js';
