import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../adapters/common/env.js';
import { readSlackConfig, SLACK_VARIABLES } from '../../../adapters/slack/config.js';
import { createSlackLogger } from '../../../adapters/slack/start.js';
import { commandHelp } from '../../../cli/main.js';

const BOT = 'xoxb-1-2-bottoken';
const APP = 'xapp-1-A1-apptoken';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    readSlackConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('Slack configuration', () => {
  it('defaults to Socket Mode and names every missing variable in one message', () => {
    const message = problem({});
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).toMatch(/SLACK_APP_TOKEN/);
    expect(message).not.toMatch(/SLACK_SIGNING_SECRET/);
    expect(readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toEqual({ mode: 'socket', botToken: BOT, appToken: APP, signingSecret: undefined, port: 3000, host: undefined, apiUrl: undefined });
  });

  it('needs the signing secret, not the app token, in http mode', () => {
    expect(problem({ SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT })).toMatch(/SLACK_SIGNING_SECRET/);
    const config = readSlackConfig({ SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 'abc123', SLACK_PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config).toMatchObject({ mode: 'http', signingSecret: 'abc123', port: 8080, apiUrl: 'http://127.0.0.1:9/api/', appToken: undefined });
  });

  it('rejects swapped tokens, a bad mode, port or API URL without echoing a secret', () => {
    const swapped = problem({ SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT });
    expect(swapped).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-; SLACK_APP_TOKEN must be an app-level token starting with xapp-/);
    expect(swapped).not.toContain('apptoken');
    expect(problem({ SLACK_MODE: 'webhook', SLACK_BOT_TOKEN: BOT })).toMatch(/SLACK_MODE must be socket or http/);
    expect(problem({ SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 's', SLACK_PORT: '70000' })).toMatch(/SLACK_PORT must be a port number/);
    expect(problem({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: 'slack.com/api' })).toMatch(/SLACK_API_URL/);
  });

  it('lists every variable in `flarechat slack --help`', async () => {
    const help = await commandHelp('slack');
    for (const v of SLACK_VARIABLES) expect(help).toContain(v.name);
  });

  it('logs through a logger that redacts the configured secrets, whatever their shape', () => {
    const lines: string[] = [];
    const secret = '8f14e45fceea167a5a36dedd4bea2543';
    const logger = createSlackLogger(readSlackConfig({ SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: secret }), { write: (l) => lines.push(l) });
    logger.error({ error: new Error(`signature check with ${secret} failed`), detail: `url?t=${BOT}` }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain(BOT);
  });
});
