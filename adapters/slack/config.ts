import { z } from 'zod';
import { parseEnv, wholeNumber, type EnvVariable } from '../common/env.js';

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

/** The schema of each variable in a mode: socket needs the app token, http the signing secret. */
function shapeFor(mode: SlackMode) {
  const appToken = z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must be an app-level token starting with xapp-');
  return {
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'),
    SLACK_APP_TOKEN: mode === 'socket' ? appToken : z.string().optional(),
    SLACK_SIGNING_SECRET: mode === 'http' ? z.string() : z.string().optional(),
    SLACK_PORT: wholeNumber('SLACK_PORT', 0, 65535, 'a port number').optional(),
    SLACK_HOST: z.string().optional(),
    SLACK_API_URL: z.string().regex(/^https?:\/\/.+\/$/, 'SLACK_API_URL must be an http(s) URL ending in /').optional(),
  };
}

/** Validates the Slack variables at start-up; a ConfigError names every problem and never echoes a secret. */
export function readSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  const mode = parseEnv(
    { SLACK_MODE: z.enum(['socket', 'http'], { error: (issue) => `SLACK_MODE must be socket or http, got '${String(issue.input)}'` }).optional() },
    SLACK_VARIABLES,
    { SLACK_MODE: env.SLACK_MODE?.trim().toLowerCase() },
    CONTEXT,
  ).SLACK_MODE ?? 'socket';
  const values = parseEnv(shapeFor(mode), SLACK_VARIABLES, env, CONTEXT);
  return {
    mode,
    botToken: values.SLACK_BOT_TOKEN,
    appToken: mode === 'socket' ? values.SLACK_APP_TOKEN : undefined,
    signingSecret: mode === 'http' ? values.SLACK_SIGNING_SECRET : undefined,
    port: values.SLACK_PORT ?? DEFAULT_PORT,
    host: values.SLACK_HOST,
    apiUrl: values.SLACK_API_URL,
  };
}

const CONTEXT = { what: 'Slack', docs: 'adapters/slack/README.md and .env.example' };

/** The configured secrets, for the logger to redact whatever their shape. */
export function secretsOf(config: SlackConfig): string[] {
  return [config.botToken, config.appToken, config.signingSecret].filter((s): s is string => Boolean(s));
}
