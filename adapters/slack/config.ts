import { ConfigError, readEnv, type EnvVariable } from '../common/env.js';

export type SlackMode = 'socket' | 'http';

export interface SlackConfig {
  mode: SlackMode;
  botToken: string;
  /** Socket Mode only: the app-level token (xapp-…) with connections:write. */
  appToken?: string;
  /** HTTP mode only: verifies the X-Slack-Signature of every request. */
  signingSecret?: string;
  /** HTTP mode only; 0 picks a free port. */
  port: number;
  /** HTTP mode only; all interfaces when absent. */
  host?: string;
  /** Web API base URL; set only to reach a fake Slack in tests. */
  apiUrl?: string;
}

export const SLACK_VARIABLES: readonly EnvVariable[] = [
  { name: 'SLACK_BOT_TOKEN', required: true, description: 'bot token xoxb-…, from the OAuth & Permissions page', secret: true },
  { name: 'SLACK_MODE', required: false, description: 'socket (default: Socket Mode, no public URL) or http (Request URL)' },
  { name: 'SLACK_APP_TOKEN', required: false, description: 'app-level token, xapp-… with connections:write; required in socket mode', secret: true },
  { name: 'SLACK_SIGNING_SECRET', required: false, description: 'signing secret from the Basic Information page; required in http mode', secret: true },
  { name: 'SLACK_PORT', required: false, description: 'http mode: port for POST /slack/events (default 3000)' },
  { name: 'SLACK_HOST', required: false, description: 'http mode: interface to listen on (default: all)' },
  { name: 'SLACK_API_URL', required: false, description: 'Web API base URL, for testing against a fake Slack (default https://slack.com/api/)' },
];

const DEFAULT_PORT = 3000;

function variablesFor(mode: SlackMode): EnvVariable[] {
  const requiredInMode = mode === 'socket' ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
  return SLACK_VARIABLES.map((v) => (v.name === requiredInMode ? { ...v, required: true } : v));
}

/** Validates the Slack variables at start-up; a ConfigError names every problem and never echoes a secret. */
export function readSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  const mode = (env.SLACK_MODE ?? '').trim().toLowerCase() || 'socket';
  if (mode !== 'socket' && mode !== 'http') throw new ConfigError(`SLACK_MODE must be socket or http, got '${mode}'`);
  const values = readEnv(variablesFor(mode), env);
  const problems: string[] = [];
  if (!values.SLACK_BOT_TOKEN!.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  if (mode === 'socket' && !values.SLACK_APP_TOKEN!.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp-');
  const port = values.SLACK_PORT === undefined ? DEFAULT_PORT : Number(values.SLACK_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`SLACK_PORT must be a port number, got '${values.SLACK_PORT}'`);
  if (values.SLACK_API_URL !== undefined && !/^https?:\/\/.+\/$/.test(values.SLACK_API_URL)) problems.push('SLACK_API_URL must be an http(s) URL ending in /');
  if (problems.length) throw new ConfigError(`invalid Slack configuration: ${problems.join('; ')}. See adapters/slack/README.md.`);
  return {
    mode,
    botToken: values.SLACK_BOT_TOKEN!,
    appToken: mode === 'socket' ? values.SLACK_APP_TOKEN : undefined,
    signingSecret: mode === 'http' ? values.SLACK_SIGNING_SECRET : undefined,
    port,
    host: values.SLACK_HOST,
    apiUrl: values.SLACK_API_URL,
  };
}

/** The configured secrets, for the logger to redact whatever their shape. */
export function secretsOf(config: SlackConfig): string[] {
  return [config.botToken, config.appToken, config.signingSecret].filter((s): s is string => Boolean(s));
}
